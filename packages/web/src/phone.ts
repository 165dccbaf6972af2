// @tccc-dialer/web/phone: full number validation, kept out of the core entry because the metadata
// is large. libphonenumber-js's `max` metadata tells mobiles, landlines and service numbers apart.
import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';
import type { LocalizedText } from './errors.js';

export type PhoneRejection =
  | 'EMPTY'
  | 'NOT_A_NUMBER'
  | 'MISSING_AREA_CODE'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'INVALID_FOR_REGION';

export type PhoneResult =
  | {
      valid: true;
      /** What TCCC dials: a CN mobile as 11 digits, a landline with 0 + area code, a service number as is. */
      national: string;
      e164: string;
      /** `MOBILE`, `FIXED_LINE`, `SERVICE` (95xxx), `SHARED_COST` (400), `TOLL_FREE` (800), ... */
      type: string;
    }
  | { valid: false; reason: PhoneRejection; message: LocalizedText };

/** Why a number was refused, in words an agent understands. */
export const phoneRejections: Record<PhoneRejection, LocalizedText> = {
  EMPTY: { 'zh-CN': '请输入号码', 'en-US': 'Enter a number' },
  NOT_A_NUMBER: {
    'zh-CN': '号码只能包含数字、空格、括号、连字符和开头的 +',
    'en-US': 'Use digits, spaces, brackets, hyphens and a leading + only',
  },
  MISSING_AREA_CODE: {
    'zh-CN': '固定电话请加区号，如 021-6000 0000',
    'en-US': 'Add the area code to a landline, e.g. 021-6000 0000',
  },
  TOO_SHORT: { 'zh-CN': '号码位数太少', 'en-US': 'The number is too short' },
  TOO_LONG: { 'zh-CN': '号码位数太多', 'en-US': 'The number is too long' },
  INVALID_FOR_REGION: { 'zh-CN': '不是有效的号码', 'en-US': 'Not a valid number for the region' },
};

const reject = (reason: PhoneRejection): PhoneResult => ({
  valid: false,
  reason,
  message: phoneRejections[reason],
});

/**
 * Validates and normalises a number for dialling (default region CN): mobiles, landlines with area
 * code, 400/800 and 95xxx service numbers, and E.164 (`+`, `00` or `0086` prefixes).
 */
export function normalizePhone(
  input: string,
  options: { defaultRegion?: 'CN' | (string & {}) } = {},
): PhoneResult {
  const raw = String(input ?? '').replace(/[\s().-]/g, '');
  if (!raw) return reject('EMPTY');
  if (!/^\+?[0-9]+$/.test(raw)) return reject('NOT_A_NUMBER');
  const region = (options.defaultRegion ?? 'CN') as Parameters<typeof parsePhoneNumberFromString>[1];
  const cn = region === 'CN';
  // 95xxx service lines (banks, carriers) sit outside libphonenumber's metadata, with or without +86.
  const service = cn ? /^(?:\+86|0086)?(95\d{3,6})$/.exec(raw)?.[1] : undefined;
  if (service !== undefined)
    return { valid: true, national: service, e164: `+86${service}`, type: 'SERVICE' };
  // 7–8 digits that start neither with 0 nor 1: a local landline typed without its area code.
  if (cn && /^[2-9]\d{6,7}$/.test(raw)) return reject('MISSING_AREA_CODE');
  const text = raw.startsWith('00') ? `+${raw.slice(2)}` : raw;
  const parsed = parsePhoneNumberFromString(text, region);
  if (!parsed?.isValid()) {
    const length = validatePhoneNumberLength(text, region);
    return reject(length === 'TOO_SHORT' || length === 'TOO_LONG' ? length : 'INVALID_FOR_REGION');
  }
  const type = parsed.getType() ?? 'UNKNOWN';
  const national =
    parsed.country !== 'CN' ? parsed.number : (type === 'FIXED_LINE' ? '0' : '') + parsed.nationalNumber;
  return { valid: true, national, e164: parsed.number, type };
}
