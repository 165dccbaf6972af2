/**
 * The JSON shapes of the routes the workbench calls, written once here and imported by both sides
 * (`@tccc-dialer/server/api`). The server builds its responses against these types, so a change that
 * breaks a client breaks the workbench's type-check instead of drifting silently.
 *
 * This module must stay free of imports: the browser bundle reads it, and it must pull in nothing
 * of the server's runtime. The values here are the outcome tables both sides read.
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
};

/** `{ user }` of POST /api/session and GET /api/me. */
export interface User {
  username: string;
  displayName: string;
  role: 'agent' | 'supervisor';
}

/** A call as the workbench and integrators see it (CONTRACTS: CallRecord). */
export interface CallRecord {
  sessionId: string;
  direction: 'outbound' | 'inbound';
  agent: { username: string; displayName: string } | null;
  seatUserId: string;
  callee: string;
  caller: string;
  startedAt: string;
  ringAt: string | null;
  acceptedAt: string | null;
  endedAt: string | null;
  talkSeconds: number;
  outcome: OutcomeKey;
  endStatus: number | null;
  endStatusString: string | null;
  hungUpSide: 'seat' | 'user' | 'system' | null;
  hasRecording: boolean;
  note: string | null;
  sources: { browser: boolean; push: boolean; sync: boolean };
}

/** The query of GET /api/calls and /api/calls/export.csv (besides `limit` and `cursor`). */
export interface CallFilters {
  /** ISO instant, inclusive. */
  from?: string;
  /** ISO instant, exclusive. */
  to?: string;
  outcome?: OutcomeKey;
  /** Customer number, any format: compared after normalisation. */
  phone?: string;
  /** Username whose seat's calls to list (supervisors only). */
  agent?: string;
}

/** One page of a keyset-paged list; pass `nextCursor` back for the next one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** GET /api/stats: dashboard aggregates over calls started in [from, to). */
export interface CallStats {
  perHour: { hour: string; calls: number; answered: number }[];
  answerRate: number;
  averageTalkSeconds: number;
  perAgent: { username: string; displayName: string; calls: number; answered: number; talkSeconds: number }[];
}

export type CallEventName = 'dialing' | 'ringing' | 'connected' | 'ended';

/** The body of POST /api/calls/events: what the browser saw of a call, as it happened. */
export interface CallEvent {
  sessionId: string;
  event: CallEventName;
  /** ISO instant. */
  at: string;
  callee?: string;
  caller?: string;
  closeBy?: string;
  uui?: string;
  direction?: 'outbound' | 'inbound';
}

export interface Customer {
  id: string;
  name: string;
  phone: string;
  company: string | null;
  note: string | null;
}

/** A row a CSV import skipped, with a stable code and the message in the caller's language. */
export interface RowProblem {
  row: number;
  code: string;
  message: string;
}

/** POST /api/customers/import. */
export interface ImportReport {
  imported: number;
  errors: RowProblem[];
}

/** The outcomes a list may retry on: every final one (a call in progress is not retried). */
export type CampaignOutcome = Exclude<OutcomeKey, 'inProgress'>;

export interface Disposition {
  key: string;
  label: { 'zh-CN': string; 'en-US': string };
  /** A callback disposition schedules the entry again at the time the agent picks. */
  callback: boolean;
}

/** A call list as the API shows it. */
export interface Campaign {
  id: string;
  name: string;
  status: 'active' | 'paused' | 'closed';
  mode: 'preview' | 'power';
  agents: string[];
  timezone: string;
  hoursStart: string;
  hoursEnd: string;
  maxAttempts: number;
  retryIntervalSeconds: number;
  retryOutcomes: CampaignOutcome[];
  dispositions: Disposition[];
  wrapUpSeconds: number;
  capPerDay: number;
  capPerWeek: number;
  maskNumbers: boolean;
  callbackGraceSeconds: number;
  createdAt: string;
}

/** The body of POST /api/campaigns: a name, and any setting that should differ from its default. */
export type NewCampaign = Partial<Omit<Campaign, 'id' | 'status' | 'createdAt'>> & { name: string };

/** An entry as the API shows it; `phone` is masked for agents when the list says so. */
export interface CampaignEntry {
  id: string;
  campaignId: string;
  row: number;
  phone: string;
  name: string;
  fields: Record<string, string>;
  status: 'pending' | 'claimed' | 'closed';
  closeReason: string | null;
  attempts: number;
  lastOutcome: string | null;
  lastDisposition: string | null;
  nextAttemptAt: string | null;
  callbackAt: string | null;
  owner: string | null;
  claimedBy: string | null;
}

/** GET /api/campaigns/:id/stats: a list's progress and results for the supervisor's charts. */
export interface CampaignStats {
  entries: { total: number; pending: number; claimed: number; closed: number };
  /** Why closed entries closed: disposition keys, `maxAttempts`, outcome keys, `DNC_LISTED`. */
  closeReasons: Record<string, number>;
  attempts: number;
  answered: number;
  /** Answered attempts over all attempts, 0..1. */
  contactRate: number;
  dispositions: Record<string, number>;
  perAgent: { username: string; attempts: number; answered: number; averageWrapUpSeconds: number }[];
}

/** POST /api/campaigns/:id/import: the customer import's report plus the rows the do-not-call list held back. */
export interface CampaignImportReport extends ImportReport {
  doNotCall: RowProblem[];
}

/** GET /api/campaigns/callbacks: the agent's scheduled callbacks, with their list's name. */
export interface CallbackEntry extends CampaignEntry {
  campaignName: string;
}

/** The rule that refused a dial, in fields a program checks. */
export type AppliedRule =
  | { code: 'DNC_LISTED'; reason: string; addedAt: string }
  | { code: 'OUTSIDE_CALLING_HOURS'; timeZone: string; start: string; end: string; localTime: string }
  | { code: 'FREQUENCY_CAP_REACHED'; period: 'day' | 'week'; cap: number; calls: number; timeZone: string };

export type RefusalCode = AppliedRule['code'];

/** A refusal by a compliance rule, with the rule in words an agent reads. */
export interface Refusal {
  code: string;
  message: string;
  ruleText: string;
}

/** A refusal as the server sends it: the words, and the rule itself. */
export interface RuleRefusal extends Refusal {
  code: RefusalCode;
  rule: AppliedRule;
}

/** POST /api/campaigns/:id/claim: the entry to call (with its real number), or why there is none. */
export interface ClaimAnswer {
  entry: (CampaignEntry & { dialNumber: string }) | null;
  /** Entries taken and put aside because a rule refused them. */
  skipped: (RuleRefusal & { entry: CampaignEntry })[];
  /** Set when the whole list may not be called now (outside its hours). */
  refusal: RuleRefusal | null;
}

/**
 * POST /api/dial-permits: every dial asks first; a granted permit's id travels with the call. A
 * refusal names its rule's code as `reason` (there is no `code` field here).
 */
export type PermitAnswer =
  | { allowed: true; permitId: string; uui: string }
  | ({ allowed: false; permitId: string; reason: RefusalCode } & Omit<RuleRefusal, 'code'>);

/** GET /api/dnc: one number on the do-not-call list. */
export interface DncNumber {
  phone: string;
  reason: string;
  addedBy: string;
  addedAt: string;
}
