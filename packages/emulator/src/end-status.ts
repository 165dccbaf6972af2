// `EndStatus` / `EndStatusString` of TelCdrInfo (reference §3.1; inbound codes per the API model).
export const END_STATUS_STRINGS: Readonly<Record<number, string>> = {
  0: 'error',
  1: 'ok',
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
};

export function endStatusString(code: number): string {
  return END_STATUS_STRINGS[code] ?? 'error';
}
