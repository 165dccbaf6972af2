/**
 * One number, one stored value: TCCC writes CDR numbers as `0086…` while the browser sees the national
 * form, so both are reduced to national digits before they are stored or searched.
 */
export function normalisePhone(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return '';
  let digits = raw.trim().replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (/^861\d{10}$/.test(digits)) digits = digits.slice(2);
  return digits;
}
