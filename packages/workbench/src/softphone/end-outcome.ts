import type { CallEnd } from '@tccc-dialer/web';
import type { OutcomeKey } from '../api/types.js';

// The SDK's end reasons (TCCC's EndStatusString names) and the outcome an agent reads for each.
const byReason: Record<string, OutcomeKey> = {
  notAnswer: 'noAnswer',
  ringingGiveUp: 'noAnswer',
  userReject: 'rejected',
  powerOff: 'powerOff',
  numberNotExist: 'numberNotExist',
  notExists: 'numberNotExist',
  numberInvalid: 'numberNotExist',
  busy: 'busy',
  notInService: 'notInService',
  outOfCredit: 'notInService',
  callerCancel: 'callerCancelled',
  callerCancelWhileRing: 'callerCancelled',
  callerCancelWithoutRing: 'callerCancelled',
  carrierBlocked: 'blocked',
  restrictedCallee: 'blocked',
  callRestricted: 'blocked',
  calleeRestricted: 'blocked',
  areaRestricted: 'blocked',
  failed: 'failed',
};

/**
 * What the agent sees the moment a call ends, from the SDK's own end event. History later shows the
 * CDR's outcome, which is authoritative; the two agree for every reason above.
 */
export function endOutcome(end: Pick<CallEnd, 'answered' | 'reason'>): OutcomeKey {
  if (end.answered) return 'answered';
  const main = end.reason?.split(' / ')[0]?.trim() ?? '';
  return byReason[main] ?? (main === '' ? 'callerCancelled' : 'unknown');
}
