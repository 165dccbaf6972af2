import { messages } from '../errors.js';
import type { AppliedRule } from './compliance.js';

export type Locale = 'zh-CN' | 'en-US';

export const localeOf = (header: unknown): Locale =>
  /^\s*en/i.test(String(header ?? '')) ? 'en-US' : 'zh-CN';

/** The refusal as the agent reads it: the code's message and the rule that applied, with its numbers. */
export function describeRule(rule: AppliedRule, lang: Locale): { message: string; ruleText: string } {
  const message = messages[rule.code][lang];
  const zh = lang === 'zh-CN';
  switch (rule.code) {
    case 'DNC_LISTED':
      if (rule.reason === undefined)
        return {
          message,
          ruleText: zh ? '如认为有误，请联系主管。' : 'Ask a supervisor if you think this is a mistake.',
        };
      return { message, ruleText: zh ? `禁呼原因：${rule.reason}` : `Do-not-call reason: ${rule.reason}` };
    case 'OUTSIDE_CALLING_HOURS':
      return {
        message,
        ruleText: zh
          ? `允许时段 ${rule.start}–${rule.end}（${rule.timeZone}），当地时间 ${rule.localTime}`
          : `Allowed ${rule.start}–${rule.end} (${rule.timeZone}); local time ${rule.localTime}`,
      };
    case 'FREQUENCY_CAP_REACHED': {
      const minutes = Math.round((rule.windowSeconds ?? 0) / 60);
      const period = zh
        ? { day: '每天', week: '每周', window: `每 ${minutes} 分钟` }[rule.period]
        : { day: 'per day', week: 'per week', window: `per ${minutes} minutes` }[rule.period];
      return {
        message,
        ruleText: zh
          ? `上限 ${period} ${rule.cap} 次，通话记录已有 ${rule.calls} 次`
          : `Cap ${rule.cap} calls ${period}; the call records hold ${rule.calls}`,
      };
    }
  }
}

/**
 * The rule as this user may see it: the do-not-call list is supervisors' own, so an agent learns that
 * a number is listed, not why or since when.
 */
export function ruleFor(rule: AppliedRule, role: 'agent' | 'supervisor'): AppliedRule {
  if (rule.code === 'DNC_LISTED' && role !== 'supervisor') return { code: 'DNC_LISTED' };
  return rule;
}
