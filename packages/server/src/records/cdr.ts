import { z } from 'zod';
import { normalisePhone } from '../phone/phone.js';
import { endStatusCode, endStatusString, type OutcomeKey, outcomeOf } from './outcome.js';

/**
 * A call detail record as we store it, whichever way it came (data push or DescribeTelCdr): times in
 * Unix ms, numbers normalised, outcome resolved. The signed RecordURL is reduced to `hasRecording`.
 */
export interface CdrFields {
  sessionId: string;
  direction: 'outbound' | 'inbound';
  seatUserId: string;
  callee: string;
  caller: string;
  startedAt: number;
  ringAt: number | null;
  acceptedAt: number | null;
  endedAt: number | null;
  talkSeconds: number;
  outcome: OutcomeKey;
  endStatus: number | null;
  endStatusString: string | null;
  hungUpSide: 'seat' | 'user' | 'system' | null;
  uui: string | null;
  recordId: string | null;
  hasRecording: boolean;
  /** Each seat's own recording (`ServeParticipants[].RecordId`): its voice alone. */
  seatRecordings?: SeatRecording[] | undefined;
  /** Under number protection: the customer ID TCCC put where the number was. */
  protectedCallee: string | null;
  protectedCaller: string | null;
}

/** One participant's recording as a CDR names it; the signed link is not kept. */
export interface SeatRecording {
  recordId: string;
  seatUserId: string;
}

/**
 * TCCC sends Unix seconds; 0 means "did not happen". Strings of digits are accepted too. Anything past
 * 2100 (in seconds or milliseconds) is refused: it cannot be a call and would not fit a date.
 */
const timestamp = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d{1,13}$/)
      .transform(Number),
  ])
  .pipe(z.number().int().nonnegative().max(4_102_444_800_000));
/** Fits the 32-bit integer columns of both engines. */
const int = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d{1,10}$/)
      .transform(Number),
  ])
  .pipe(z.number().int().min(-2_147_483_648).max(2_147_483_647));
const text = (max: number) => z.string().max(max);

const seatUser = z.looseObject({ Mail: text(320).optional(), UserId: text(320).optional() }).nullish();
/** A seat that took part (`ServeParticipants[]`); one odd entry is dropped, not the whole CDR. */
const participant = z.looseObject({ Mail: text(320).optional(), RecordId: text(256).optional() });
const participants = z
  .array(z.unknown())
  .max(100)
  .transform((items): z.output<typeof participant>[] =>
    items.flatMap((item) => {
      const parsed = participant.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    }),
  );

/** Fields we read from a CDR; everything else TCCC adds is accepted and ignored. */
const cdrShape = {
  SessionId: z.string().min(1).max(128),
  Direction: int.optional(),
  Caller: text(64).optional(),
  Callee: text(64).optional(),
  /** Number protection: the customer's ID, with `Caller`/`Callee` left empty (TelCdrInfo). */
  ProtectedCaller: text(128).optional(),
  ProtectedCallee: text(128).optional(),
  Time: timestamp.optional(),
  StartTimestamp: timestamp.optional(),
  RingTimestamp: timestamp.optional(),
  AcceptTimestamp: timestamp.optional(),
  EndedTimestamp: timestamp.optional(),
  Duration: int.optional(),
  EndStatus: int.optional(),
  EndStatusString: text(64).optional(),
  HungUpSide: text(16).optional(),
  SeatUser: seatUser,
  UUI: text(4096).optional(),
  Uui: text(4096).optional(),
  RecordId: text(256).optional(),
  RecordURL: text(4096).optional(),
  ServeParticipants: participants.nullish(),
};

export const pushCdrSchema = z.looseObject(cdrShape);
export const telCdrSchema = z.looseObject(cdrShape);

export const pushRecordSchema = z.looseObject({
  SessionId: z.string().min(1).max(128),
  RecordId: text(256).optional(),
  RecordURL: text(4096).optional(),
  Timestamp: timestamp.optional(),
  /** Whose recording this is: the customer's number (or ID under protection), or a seat's e-mail. */
  EndpointUser: text(320).optional(),
});

export type RawCdr = z.infer<typeof pushCdrSchema>;
export type RawRecordPush = z.infer<typeof pushRecordSchema>;

function ms(seconds: number | undefined): number | null {
  if (seconds === undefined || seconds <= 0) return null;
  // Defensive: a value already in milliseconds is kept as it is.
  return seconds > 1e11 ? seconds : seconds * 1000;
}

function hungUpSide(value: string | undefined): CdrFields['hungUpSide'] {
  if (value === 'seat' || value === 'user' || value === 'system') return value;
  if (value === 'client') return 'user';
  return null;
}

function seatRecordings(list: readonly { Mail?: string | undefined; RecordId?: string | undefined }[]) {
  return list.flatMap((p) => (p.RecordId && p.Mail ? [{ recordId: p.RecordId, seatUserId: p.Mail }] : []));
}

/** Maps a CDR from either source to the stored shape. */
export function cdrFields(raw: RawCdr): CdrFields {
  const ringAt = ms(raw.RingTimestamp);
  const acceptedAt = ms(raw.AcceptTimestamp);
  const endedAt = ms(raw.EndedTimestamp);
  const startedAt = ms(raw.StartTimestamp) ?? ms(raw.Time) ?? ringAt ?? endedAt ?? 0;
  const statusText = raw.EndStatusString || null;
  const endStatus = raw.EndStatus ?? (statusText === null ? undefined : endStatusCode(statusText));
  const direction = raw.Direction === 0 ? 'inbound' : 'outbound';
  const talk =
    raw.Duration ?? (acceptedAt !== null && endedAt !== null ? Math.round((endedAt - acceptedAt) / 1000) : 0);
  const recordId = raw.RecordId || null;
  return {
    sessionId: raw.SessionId,
    direction,
    seatUserId: raw.SeatUser?.Mail || raw.SeatUser?.UserId || '',
    callee: normalisePhone(raw.Callee),
    caller: normalisePhone(raw.Caller),
    startedAt,
    ringAt,
    acceptedAt,
    endedAt,
    talkSeconds: Math.max(0, talk),
    outcome: endedAt === null && endStatus === undefined ? 'inProgress' : outcomeOf(endStatus, statusText),
    endStatus: endStatus ?? null,
    endStatusString: statusText ?? (endStatus === undefined ? null : (endStatusString(endStatus) ?? null)),
    hungUpSide: hungUpSide(raw.HungUpSide),
    uui: raw.UUI || raw.Uui || null,
    recordId,
    hasRecording: recordId !== null || Boolean(raw.RecordURL),
    seatRecordings: seatRecordings(raw.ServeParticipants ?? []),
    protectedCallee: raw.ProtectedCallee || null,
    protectedCaller: raw.ProtectedCaller || null,
  };
}
