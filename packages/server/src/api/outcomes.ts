/**
 * The outcome tables both sides read: the server for its CDRs, the workbench for the SDK's end reason.
 * Free of imports, so the browser bundle that reads it pulls in nothing of the server.
 */

/** A call's result in words, mapped from TCCC's EndStatus code or EndStatusString. */
export const outcomeKeys = [
  'answered',
  'busy',
  'noAnswer',
  'rejected',
  'powerOff',
  'numberNotExist',
  'notInService',
  'callerCancelled',
  'blocked',
  'failed',
  'inProgress',
  'unknown',
  // Inbound: the customer called and no agent talked to them.
  'missed',
  'ivrAbandoned',
  'outsideHours',
  'ivrEnded',
] as const;
export type OutcomeKey = (typeof outcomeKeys)[number];

/** Each outcome in words, for the history screen and the CSV export alike. */
export const outcomeLabels: Readonly<Record<OutcomeKey, { 'zh-CN': string; 'en-US': string }>> = {
  answered: { 'zh-CN': '已接通', 'en-US': 'Answered' },
  busy: { 'zh-CN': '忙线', 'en-US': 'Busy' },
  noAnswer: { 'zh-CN': '无人接听', 'en-US': 'No answer' },
  rejected: { 'zh-CN': '拒接', 'en-US': 'Rejected' },
  powerOff: { 'zh-CN': '关机', 'en-US': 'Phone off' },
  numberNotExist: { 'zh-CN': '空号', 'en-US': 'No such number' },
  notInService: { 'zh-CN': '停机', 'en-US': 'Out of service' },
  callerCancelled: { 'zh-CN': '主叫取消', 'en-US': 'Cancelled by caller' },
  blocked: { 'zh-CN': '呼叫被拦截', 'en-US': 'Blocked' },
  failed: { 'zh-CN': '呼叫失败', 'en-US': 'Failed' },
  inProgress: { 'zh-CN': '进行中', 'en-US': 'In progress' },
  unknown: { 'zh-CN': '未知', 'en-US': 'Unknown' },
  missed: { 'zh-CN': '未接来电', 'en-US': 'Missed call' },
  ivrAbandoned: { 'zh-CN': '客户在语音导航中挂断', 'en-US': 'Caller hung up in the IVR' },
  outsideHours: { 'zh-CN': '非工作时间来电', 'en-US': 'Called outside working hours' },
  ivrEnded: { 'zh-CN': '语音导航内结束', 'en-US': 'Ended in the IVR' },
};

/**
 * The outcome each TCCC EndStatusString means. The server reads it from CDRs; the workbench reads the
 * SDK's end reason (the same names) with it, so the outcome shown at hang-up is the one history shows.
 */
export const outcomeByEndStatus: Readonly<Record<string, OutcomeKey>> = {
  ok: 'answered',
  notAnswer: 'noAnswer',
  voiceMailReached: 'noAnswer',
  userReject: 'rejected',
  powerOff: 'powerOff',
  numberNotExist: 'numberNotExist',
  // Seen from older emulators and consoles for the same condition.
  notExists: 'numberNotExist',
  numberInvalid: 'numberNotExist',
  busy: 'busy',
  notInService: 'notInService',
  callerCancel: 'callerCancelled',
  callerCancelWhileRing: 'callerCancelled',
  callerCancelWithoutRing: 'callerCancelled',
  restrictedCallee: 'blocked',
  tooManyRequest: 'blocked',
  restrictedArea: 'blocked',
  restrictedTime: 'blocked',
  carrierBlocked: 'blocked',
  callRestricted: 'blocked',
  calleeRestricted: 'blocked',
  areaRestricted: 'blocked',
  error: 'failed',
  outOfCredit: 'failed',
  operatorError: 'failed',
  clientError: 'failed',
  callReminder: 'failed',
  promptCallForwarding: 'failed',
  callConflict: 'failed',
  clientTimeout: 'failed',
  voipClientError: 'failed',
  // Inbound (TCCC's 100-107). A caller on the blacklist is refused like a blocked outbound call; one
  // who gave up queueing or ringing, or found nobody signed in, is a missed call to call back.
  blackList: 'blocked',
  ivrGiveUp: 'ivrAbandoned',
  waitingGiveUp: 'missed',
  ringingGiveUp: 'missed',
  noSeatOnline: 'missed',
  notWorkTime: 'outsideHours',
  ivrEnd: 'ivrEnded',
};
