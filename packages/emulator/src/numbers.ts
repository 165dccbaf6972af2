// Phone numbers: callers dial national numbers, TCCC records them with the `0086` prefix.

/** `+86 138 0013 8000`, `008613800138000`, `8613800138000` → `13800138000`; landlines keep their trunk 0. */
export function nationalNumber(raw: string): string {
  const digits = raw.replace(/[\s()-]/g, '');
  const intl = /^(?:\+86|0086)(\d+)$/.exec(digits);
  // Mobiles and 400/800/95xxx service numbers have no trunk prefix; landlines get their 0 back.
  if (intl?.[1]) return /^1\d{10}$/.test(intl[1]) || /^(?:[48]00|95)/.test(intl[1]) ? intl[1] : `0${intl[1]}`;
  if (/^861\d{10}$/.test(digits)) return digits.slice(2);
  return digits;
}

/** The form TCCC's CDRs use: `0086` + the number without its trunk 0 (`02160000000` → `00862160000000`). */
export function withCountryPrefix(raw: string): string {
  const national = nationalNumber(raw);
  return `0086${national.startsWith('0') ? national.slice(1) : national}`;
}
