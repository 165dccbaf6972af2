import type { CallEnd } from '@tccc-dialer/web';
import { type OutcomeKey, outcomeByEndStatus } from '../api/index.js';

// End reasons only the SDK reports (never a CDR's EndStatusString), and the outcome an agent reads.
const sdkOnlyReasons: Readonly<Record<string, OutcomeKey>> = {
  failed: 'failed',
};

const outcomeOfReason = (reason: string): OutcomeKey | undefined => {
  // Own keys only: a reason such as `constructor` must not read the prototype.
  if (Object.hasOwn(sdkOnlyReasons, reason)) return sdkOnlyReasons[reason];
  if (Object.hasOwn(outcomeByEndStatus, reason)) return outcomeByEndStatus[reason];
  return undefined;
};

/**
 * What the agent sees the moment a call ends, from the SDK's own end event. The SDK names its reasons
 * after TCCC's EndStatusString, so they are read with the server's own table: history later shows the
 * CDR's outcome, which is authoritative, and the two agree.
 */
export function endOutcome(end: Pick<CallEnd, 'answered' | 'reason'>): OutcomeKey {
  if (end.answered) return 'answered';
  const main = end.reason?.split(' / ')[0]?.trim() ?? '';
  return outcomeOfReason(main) ?? (main === '' ? 'callerCancelled' : 'unknown');
}
