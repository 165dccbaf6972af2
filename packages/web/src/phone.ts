import { parsePhoneNumberFromString } from 'libphonenumber-js';

export type PhoneResult =
  | { valid: true; national: string; e164: string; type: string | undefined }
  | { valid: false; reason: 'EMPTY' | 'NOT_A_NUMBER' | 'INVALID_FOR_REGION' };

/** Validates and normalises a number; CN national form is what TCCC dials. */
export function normalizePhone(
  input: string,
  options: { defaultRegion?: 'CN' | (string & {}) } = {},
): PhoneResult {
  const raw = String(input ?? '').replace(/[\s()-]/g, '');
  if (!raw) return { valid: false, reason: 'EMPTY' };
  if (!/^\+?[0-9]+$/.test(raw)) return { valid: false, reason: 'NOT_A_NUMBER' };
  // 400 and 95xxx service numbers are valid in China but outside libphonenumber's metadata.
  if (/^(400|800)\d{7}$/.test(raw) || /^95\d{3,6}$/.test(raw)) {
    return { valid: true, national: raw, e164: `+86${raw}`, type: 'SERVICE' };
  }
  const region = (options.defaultRegion ?? 'CN') as Parameters<typeof parsePhoneNumberFromString>[1];
  const p = parsePhoneNumberFromString(raw.startsWith('0086') ? `+${raw.slice(2)}` : raw, region);
  if (!p?.isValid()) return { valid: false, reason: 'INVALID_FOR_REGION' };
  const national =
    p.country === 'CN' ? (/^1\d{10}$/.test(p.nationalNumber) ? '' : '0') + p.nationalNumber : p.number;
  return { valid: true, national, e164: p.number, type: p.getType() };
}
