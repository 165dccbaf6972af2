import type { Action } from './action.js';
import { createAdminUrl } from './create-admin-url.js';
import { createSdkLoginToken } from './create-sdk-login-token.js';
import { describeAiAnalysisResult } from './describe-ai-analysis-result.js';
import { describeCallInMetrics } from './describe-call-in-metrics.js';
import { describeNumbers } from './describe-numbers.js';
import { describeProtectedTelCdr } from './describe-protected-tel-cdr.js';
import { describeSessionDetail } from './describe-session-detail.js';
import { describeSkillGroupInfoList } from './describe-skill-group-info-list.js';
import { describeStaffInfoList } from './describe-staff-info-list.js';
import { describeStaffStatusMetrics } from './describe-staff-status-metrics.js';
import { describeTelCdr } from './describe-tel-cdr.js';
import { describeTelRecordAsr } from './describe-tel-record-asr.js';

export type { Action, ActionContext } from './action.js';

/** Every action the emulated `ccc` API answers; anything else is `InvalidAction`. */
export const actions: ReadonlyMap<string, Action> = new Map(
  [
    createSdkLoginToken,
    describeTelCdr,
    describeSessionDetail,
    describeNumbers,
    describeStaffInfoList,
    describeSkillGroupInfoList,
    describeProtectedTelCdr,
    describeStaffStatusMetrics,
    describeCallInMetrics,
    createAdminUrl,
    describeTelRecordAsr,
    describeAiAnalysisResult,
  ].map((a) => [a.name, a as Action]),
);
