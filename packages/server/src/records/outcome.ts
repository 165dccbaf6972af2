import { type OutcomeKey, outcomeByEndStatus as outcomeByString } from '../api-types.js';

// The keys, the EndStatusString table and the labels are shared with the workbench, so history on
// screen and the CSV export name an outcome alike.
export type { OutcomeKey } from '../api-types.js';
export { outcomeKeys, outcomeLabels } from '../api-types.js';

/** EndStatus code → EndStatusString, as TCCC documents them (reference §3.1). */
const endStatusStrings: Record<number, string> = {
  0: 'error',
  1: 'ok',
  100: 'blackList',
  102: 'ivrGiveUp',
  103: 'waitingGiveUp',
  104: 'ringingGiveUp',
  105: 'noSeatOnline',
  106: 'notWorkTime',
  107: 'ivrEnd',
  108: 'restrictedCallee',
  109: 'tooManyRequest',
  110: 'restrictedArea',
  111: 'restrictedTime',
  202: 'notAnswer',
  203: 'userReject',
  204: 'powerOff',
  205: 'numberNotExist',
  206: 'busy',
  207: 'outOfCredit',
  208: 'operatorError',
  209: 'callerCancel',
  210: 'notInService',
  211: 'clientError',
  212: 'carrierBlocked',
  213: 'callReminder',
  215: 'numberInvalid',
  216: 'callRestricted',
  217: 'calleeRestricted',
  218: 'areaRestricted',
  219: 'promptCallForwarding',
  220: 'callerCancelWhileRing',
  221: 'callerCancelWithoutRing',
  222: 'voiceMailReached',
  501: 'callConflict',
  502: 'clientTimeout',
  503: 'voipClientError',
};

const codeByString = new Map(Object.entries(endStatusStrings).map(([code, s]) => [s, Number(code)]));
// Spellings seen in the wild for documented codes, so push (string only) and sync (code and string)
// agree on the code.
codeByString.set('notExists', 205);

export function endStatusString(code: number): string | undefined {
  return endStatusStrings[code];
}

export function endStatusCode(value: string): number | undefined {
  return codeByString.get(value);
}

/** The outcome of a finished CDR; the string wins when both are present because push sends only it. */
export function outcomeOf(code: number | null | undefined, text: string | null | undefined): OutcomeKey {
  if (text) {
    const byText = outcomeByString[text];
    if (byText !== undefined) return byText;
  }
  if (code !== null && code !== undefined) {
    const s = endStatusStrings[code];
    if (s !== undefined) return outcomeByString[s] ?? 'unknown';
  }
  return 'unknown';
}
