import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { closeCallbacksCalledIn } from '../campaigns/callback-called-in.js';
import type { CallsTable, Database } from '../db/schema.js';
import { normalisePhone } from '../phone/phone.js';
import type { CdrFields } from './cdr.js';

type Db = Kysely<Database> | Transaction<Database>;
type Column = keyof CallsTable & string;

const col = (c: Column) => sql.ref(`calls.${c}`);
const excluded = (c: Column) => sql.ref(`excluded.${c}`);

/** The earlier of two nullable times, so repeated or reordered browser events keep the first. */
function earliest(c: Column): RawBuilder<number | null> {
  return sql`case when ${col(c)} is null then ${excluded(c)} when ${excluded(c)} is null then ${col(c)}
    when ${excluded(c)} < ${col(c)} then ${excluded(c)} else ${col(c)} end`;
}

/** The first user mapped to a seat, for calls that arrive from TCCC before the browser says who. */
function agentOfSeat(seatUserId: string): RawBuilder<string | null> {
  return sql`(select username from users where seat_user_id = ${seatUserId} order by username limit 1)`;
}

// The CDR upsert runs for every push and every synced record, so its conflict clause is written once
// as text (the same for both engines) instead of being rebuilt by the query builder per call.
const cdrColumns = [
  'session_id',
  'direction',
  'seat_user_id',
  'agent_username',
  'phone',
  'callee',
  'caller',
  'started_at',
  'ring_at',
  'accepted_at',
  'ended_at',
  'talk_seconds',
  'outcome',
  'end_status',
  'end_status_string',
  'hung_up_side',
  'uui',
  'record_id',
  'has_recording',
  'note',
  'has_cdr',
  'from_browser',
  'from_push',
  'from_sync',
  'created_at',
  'updated_at',
] as const satisfies readonly Column[];

/** A CDR replaces what the browser said; between CDRs (push and sync) a known value is never erased. */
const fromCdr = (c: Column) =>
  `${c} = case when calls.${c} is null or calls.has_cdr = 0 then excluded.${c} else coalesce(excluded.${c}, calls.${c}) end`;
/** Text a CDR replaces unless it is empty (e.g. no seat on an unanswered inbound call). */
const fromCdrText = (c: Column) =>
  `${c} = case when excluded.${c} = '' then calls.${c} else excluded.${c} end`;
const either = (c: Column) => `${c} = case when excluded.${c} = 1 then 1 else calls.${c} end`;

const cdrConflictUpdate = [
  'direction = excluded.direction',
  // The browser's user stays the agent while the seat agrees; a different seat is TCCC's truth.
  `agent_username = case when calls.seat_user_id = excluded.seat_user_id
    then coalesce(calls.agent_username, excluded.agent_username)
    when excluded.seat_user_id = '' then calls.agent_username else excluded.agent_username end`,
  fromCdrText('seat_user_id'),
  fromCdrText('phone'),
  fromCdrText('callee'),
  fromCdrText('caller'),
  'started_at = case when excluded.started_at = 0 then calls.started_at else excluded.started_at end',
  fromCdr('ring_at'),
  fromCdr('accepted_at'),
  fromCdr('ended_at'),
  'talk_seconds = excluded.talk_seconds',
  'outcome = excluded.outcome',
  fromCdr('end_status'),
  fromCdr('end_status_string'),
  fromCdr('hung_up_side'),
  'uui = coalesce(excluded.uui, calls.uui)',
  'record_id = coalesce(excluded.record_id, calls.record_id)',
  either('has_recording'),
  'has_cdr = 1',
  either('from_push'),
  either('from_sync'),
  'updated_at = excluded.updated_at',
].join(',\n  ');

const cdrUpsertHead = sql.raw(`insert into calls (${cdrColumns.join(', ')}) values (`);
const cdrUpsertTail = sql.raw(`) on conflict (session_id) do update set\n  ${cdrConflictUpdate}`);

/** Merges one CDR (data push or DescribeTelCdr) into the call's record. Idempotent, any order. */
export async function upsertCdr(db: Db, cdr: CdrFields, source: 'push' | 'sync', now: number): Promise<void> {
  const values: Record<(typeof cdrColumns)[number], unknown> = {
    session_id: cdr.sessionId,
    direction: cdr.direction,
    seat_user_id: cdr.seatUserId,
    agent_username: agentOfSeat(cdr.seatUserId),
    phone: cdr.direction === 'outbound' ? cdr.callee : cdr.caller,
    callee: cdr.callee,
    caller: cdr.caller,
    started_at: cdr.startedAt,
    ring_at: cdr.ringAt,
    accepted_at: cdr.acceptedAt,
    ended_at: cdr.endedAt,
    talk_seconds: cdr.talkSeconds,
    outcome: cdr.outcome,
    end_status: cdr.endStatus,
    end_status_string: cdr.endStatusString,
    hung_up_side: cdr.hungUpSide,
    uui: cdr.uui,
    record_id: cdr.recordId,
    has_recording: cdr.hasRecording ? 1 : 0,
    note: null,
    has_cdr: 1,
    from_browser: 0,
    from_push: source === 'push' ? 1 : 0,
    from_sync: source === 'sync' ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  const list = sql.join(cdrColumns.map((c) => values[c]));
  await sql`${cdrUpsertHead}${list}${cdrUpsertTail}`.execute(db);
  if (cdr.direction === 'inbound' && cdr.outcome === 'answered')
    await closeCallbacksCalledIn(db, cdr.caller, now);
}

/** A recording push: the call has one. The signed URL in it is not kept. */
export async function upsertRecording(
  db: Db,
  rec: { sessionId: string; recordId: string | null; at: number },
  now: number,
): Promise<void> {
  await db
    .insertInto('calls')
    .values({
      session_id: rec.sessionId,
      direction: 'outbound',
      seat_user_id: '',
      agent_username: null,
      phone: '',
      callee: '',
      caller: '',
      started_at: rec.at,
      ring_at: null,
      accepted_at: null,
      ended_at: null,
      talk_seconds: 0,
      outcome: 'inProgress',
      end_status: null,
      end_status_string: null,
      hung_up_side: null,
      uui: null,
      record_id: rec.recordId,
      has_recording: 1,
      note: null,
      has_cdr: 0,
      from_browser: 0,
      from_push: 1,
      from_sync: 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet({
        record_id: sql`coalesce(${col('record_id')}, ${excluded('record_id')})`,
        has_recording: 1,
        from_push: 1,
        updated_at: now,
      }),
    )
    .execute();
}

export type BrowserEventName = 'dialing' | 'ringing' | 'connected' | 'ended';

export interface BrowserEvent {
  sessionId: string;
  event: BrowserEventName;
  at: number;
  callee?: string | undefined;
  caller?: string | undefined;
  closeBy?: string | undefined;
  uui?: string | undefined;
  direction?: 'outbound' | 'inbound' | undefined;
}

export interface Caller {
  username: string;
  role: 'agent' | 'supervisor';
  seatUserId: string;
}

function closeBySide(closeBy: string | undefined): CallsTable['hung_up_side'] {
  if (closeBy === undefined) return null;
  if (closeBy === 'seat') return 'seat';
  if (closeBy === 'client' || closeBy === 'user') return 'user';
  return 'system';
}

/**
 * Merges one browser event into the call's record. Only the caller's own seat may write: a record that
 * already belongs to another seat is left alone and `false` is returned.
 */
export async function upsertBrowserEvent(
  db: Kysely<Database>,
  user: Caller,
  ev: BrowserEvent,
  now: number,
): Promise<boolean> {
  const callee = normalisePhone(ev.callee);
  const caller = normalisePhone(ev.caller);
  const direction = ev.direction ?? 'outbound';
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .insertInto('calls')
      .values({
        session_id: ev.sessionId,
        direction,
        seat_user_id: user.seatUserId,
        agent_username: user.username,
        phone: direction === 'outbound' ? callee : caller,
        callee,
        caller,
        started_at: ev.at,
        ring_at: ev.event === 'ringing' ? ev.at : null,
        accepted_at: ev.event === 'connected' ? ev.at : null,
        ended_at: ev.event === 'ended' ? ev.at : null,
        talk_seconds: 0,
        outcome: 'inProgress',
        end_status: null,
        end_status_string: null,
        hung_up_side: ev.event === 'ended' ? closeBySide(ev.closeBy) : null,
        uui: ev.uui ?? null,
        record_id: null,
        has_recording: 0,
        note: null,
        has_cdr: 0,
        from_browser: 1,
        from_push: 0,
        from_sync: 0,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .column('session_id')
          .doUpdateSet({
            seat_user_id: sql`case when ${col('seat_user_id')} = '' then ${excluded('seat_user_id')}
              else ${col('seat_user_id')} end`,
            agent_username: sql`${excluded('agent_username')}`,
            // While no CDR has arrived the browser's facts fill the record; after, they only mark it seen.
            ...Object.fromEntries(
              (['phone', 'callee', 'caller'] as const).map((c) => [
                c,
                sql`case when ${col(c)} = '' then ${excluded(c)} else ${col(c)} end`,
              ]),
            ),
            ...Object.fromEntries(
              (['started_at', 'ring_at', 'accepted_at', 'ended_at'] as const).map((c) => [
                c,
                sql`case when ${col('has_cdr')} = 1 then ${col(c)} else ${earliest(c)} end`,
              ]),
            ),
            hung_up_side: sql`case when ${col('has_cdr')} = 1 then ${col('hung_up_side')}
              else coalesce(${col('hung_up_side')}, ${excluded('hung_up_side')}) end`,
            uui: sql`coalesce(${col('uui')}, ${excluded('uui')})`,
            from_browser: 1,
            updated_at: now,
          })
          .where((eb) =>
            eb.or([eb('calls.seat_user_id', '=', user.seatUserId), eb('calls.seat_user_id', '=', '')]),
          ),
      )
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
      // Another seat holds the record: an inbound call connecting here was transferred to this seat.
      // Both seats keep it in their history, whichever the record ends up naming.
      if (ev.direction !== 'inbound' || ev.event !== 'connected') return false;
      const held = await trx
        .selectFrom('calls')
        .select('seat_user_id')
        .where('session_id', '=', ev.sessionId)
        .executeTakeFirst();
      const seats = [...new Set([held?.seat_user_id ?? '', user.seatUserId])].filter((s) => s !== '');
      await trx
        .insertInto('call_seats')
        .values(seats.map((seat) => ({ session_id: ev.sessionId, seat_user_id: seat, at: ev.at })))
        .onConflict((oc) => oc.columns(['session_id', 'seat_user_id']).doNothing())
        .execute();
      return true;
    }
    // Until a CDR says otherwise, what the browser saw decides the outcome and talk time.
    await trx
      .updateTable('calls')
      .set({
        outcome: sql`case when ended_at is null then 'inProgress'
          when accepted_at is not null then 'answered' else 'unknown' end`,
        talk_seconds: sql`case when accepted_at is not null and ended_at is not null
          then (ended_at - accepted_at + 500) / 1000 else 0 end`,
      })
      .where('session_id', '=', ev.sessionId)
      .where('has_cdr', '=', 0)
      .execute();
    return true;
  });
}

/**
 * Sets the note on a call, creating the record if the browser's events have not arrived yet. Agents
 * may only annotate their own seat's calls; returns false when the call belongs to someone else.
 */
export async function setNote(
  db: Kysely<Database>,
  user: Caller,
  sessionId: string,
  note: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .insertInto('calls')
    .values({
      session_id: sessionId,
      direction: 'outbound',
      seat_user_id: user.seatUserId,
      agent_username: user.username,
      phone: '',
      callee: '',
      caller: '',
      started_at: now,
      ring_at: null,
      accepted_at: null,
      ended_at: null,
      talk_seconds: 0,
      outcome: 'inProgress',
      end_status: null,
      end_status_string: null,
      hung_up_side: null,
      uui: null,
      record_id: null,
      has_recording: 0,
      note: note === '' ? null : note,
      has_cdr: 0,
      from_browser: 0,
      from_push: 0,
      from_sync: 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => {
      const update = oc.column('session_id').doUpdateSet({ note: sql`${excluded('note')}`, updated_at: now });
      return user.role === 'supervisor'
        ? update
        : update.where((eb) =>
            eb.or([eb('calls.seat_user_id', '=', user.seatUserId), eb('calls.seat_user_id', '=', '')]),
          );
    })
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
