/** Why UIDToPhone refused an ID; each has its own `Code` in the answer TCCC reads. */
export type GateRefusal =
  | 'MAPPING_ID_UNKNOWN'
  | 'PERMIT_MISSING'
  | 'PERMIT_EXPIRED'
  | 'PERMIT_USED'
  | 'DNC_LISTED'
  | 'OUTSIDE_CALLING_HOURS'
  | 'FREQUENCY_CAP_REACHED';

/**
 * The `Code` the mapping endpoint answers per refusal (TCCC: 0 success, anything else an error). The
 * agent's SDK reports it (`… refused the user ID (Code 1003)`); docs/errors.md lists them, and the
 * workbench reads it back into the rule that applied.
 */
export const gateCodes: Record<GateRefusal, number> = {
  MAPPING_ID_UNKNOWN: 1001,
  PERMIT_MISSING: 1002,
  PERMIT_EXPIRED: 1003,
  PERMIT_USED: 1004,
  DNC_LISTED: 1011,
  OUTSIDE_CALLING_HOURS: 1012,
  FREQUENCY_CAP_REACHED: 1013,
};

/** The refusal behind a `Code` of the mapping endpoint, or undefined for any other code. */
export function gateRefusalOf(code: number): GateRefusal | undefined {
  return (Object.keys(gateCodes) as GateRefusal[]).find((r) => gateCodes[r] === code);
}
