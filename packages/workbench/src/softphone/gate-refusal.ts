import { type GateRefusal, gateRefusalOf } from '@tccc-dialer/server/api';
import type { LocalizedText } from '@tccc-dialer/web';

/** What TCCC's number mapping (UIDToPhone) refused, as a rule and what to do next. */
export interface GateProblem {
  code: GateRefusal;
  message: LocalizedText;
  remedy: LocalizedText;
}

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, 'en-US': en });

/** The rule behind each `Code` of the mapping endpoint, in the agent's words. */
const gateTexts: Record<GateRefusal, { message: LocalizedText; remedy: LocalizedText }> = {
  MAPPING_ID_UNKNOWN: {
    message: text('未拨出：没有这个客户编号', 'Not dialled: there is no customer with that ID'),
    remedy: text('从名单或拨号盘拨打', 'Call from the list or the dial pad'),
  },
  PERMIT_MISSING: {
    message: text('未拨出：这次外呼没有拨号许可', 'Not dialled: this call had no dial permit'),
    remedy: text('在工作台中重新拨打', 'Dial again from the workbench'),
  },
  PERMIT_EXPIRED: {
    message: text('未拨出：拨号许可已过期', 'Not dialled: the dial permit expired'),
    remedy: text('请重新拨打', 'Dial again'),
  },
  PERMIT_USED: {
    message: text('未拨出：拨号许可已被使用', 'Not dialled: the dial permit was already used'),
    remedy: text('每个许可只能拨一次，请重新拨打', 'Each permit places one call; dial again'),
  },
  DNC_LISTED: {
    message: text('未拨出：该号码在禁呼名单中', 'Not dialled: the number is on the do-not-call list'),
    remedy: text('不要再拨打该客户', 'Do not call this customer'),
  },
  OUTSIDE_CALLING_HOURS: {
    message: text('未拨出：当前不在允许的外呼时段内', 'Not dialled: it is outside the calling hours'),
    remedy: text('在允许的时段内再拨', 'Call again within the calling hours'),
  },
  FREQUENCY_CAP_REACHED: {
    message: text('未拨出：该号码已达到外呼次数上限', 'Not dialled: the number reached its calling limit'),
    remedy: text('稍后再拨', 'Call again later'),
  },
};

/**
 * The rule that refused a dial at TCCC's number mapping, read from the SDK's words (`… refused the
 * user ID (Code 1003).`); undefined when the words name no code of the mapping endpoint.
 */
export function gateProblem(sdkWords: string | undefined): GateProblem | undefined {
  const code = /\bCode (\d{4})\b/.exec(sdkWords ?? '')?.[1];
  const refusal = code === undefined ? undefined : gateRefusalOf(Number(code));
  return refusal === undefined ? undefined : { code: refusal, ...gateTexts[refusal] };
}
