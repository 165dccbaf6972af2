import { normalizePhone, type PhoneResult } from '@tccc-dialer/web/phone';

/**
 * The server's phone rules, in one place. A number an agent or a file gives is validated with the same
 * rules as the browser's dial pad (`@tccc-dialer/web/phone`, region CN) and kept in national form.
 */
export function validatePhone(raw: string): PhoneResult {
  return normalizePhone(raw, { defaultRegion: 'CN' });
}

/**
 * One number, one stored value: TCCC writes CDR numbers as `0086…` (landlines without their trunk 0)
 * while the browser sees the national form, so both are reduced to national digits before they are
 * stored or searched: `008613800138000` → `13800138000`, `00862160000000` → `02160000000`.
 */
export function normalisePhone(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return '';
  const digits = raw.trim().replace(/[\s\-()]/g, '');
  const intl = /^(?:\+86|0086)(\d+)$/.exec(digits);
  if (intl?.[1]) {
    const rest = intl[1];
    // Mobiles and 400/800/95xxx service numbers have no trunk prefix; landlines get their 0 back.
    return /^1\d{10}$/.test(rest) || /^(?:400|800|95)/.test(rest) || rest.startsWith('0') ? rest : `0${rest}`;
  }
  if (/^861\d{10}$/.test(digits)) return digits.slice(2);
  return digits;
}
