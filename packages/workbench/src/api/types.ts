export interface User {
  username: string;
  displayName: string;
  role: 'agent' | 'supervisor';
}

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

export interface CallFilters {
  from?: string;
  to?: string;
  outcome?: OutcomeKey;
  phone?: string;
  agent?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CallStats {
  perHour: { hour: string; calls: number; answered: number }[];
  answerRate: number;
  averageTalkSeconds: number;
  perAgent: { username: string; displayName: string; calls: number; answered: number; talkSeconds: number }[];
}

export interface Customer {
  id: string;
  name: string;
  phone: string;
  company: string | null;
  note: string | null;
}

export interface ImportReport {
  imported: number;
  errors: { row: number; code: string; message: string }[];
}

export type CallEventName = 'dialing' | 'ringing' | 'connected' | 'ended';
export interface CallEvent {
  sessionId: string;
  event: CallEventName;
  at: string;
  callee?: string;
  caller?: string;
  closeBy?: string;
  direction?: 'outbound' | 'inbound';
}
