import { CompiledQuery, type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { closeCallbacksCalledIn } from '../campaigns/callback-called-in.js';
import type { CallsTable, Database } from '../db/schema.js';
import { normalisePhone } from '../phone/phone.js';
import type { CdrFields } from './cdr.js';
import { storePushedRecording, storeSeatRecordings } from './participant-recordings.js';

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
  'unpermitted',
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
  'unpermitted = excluded.unpermitted',
].join(',\n  ');

const cdrUpsertHead = sql.raw(`insert into calls (${cdrColumns.join(', ')}) values `);
// `values (...)` with one row: one statement per CDR keeps SQLite's work per row lowest.
const cdrUpsertTail = sql.raw(` on conflict (session_id) do update set\n  ${cdrConflictUpdate}`);

/** The upsert's parameters in column order; `agent_username`'s is the seat its lookup takes. */
function cdrParams(cdr: CdrFields, source: 'push' | 'sync', now: number, unpermitted: boolean): unknown[] {
  return [
    cdr.sessionId,
    cdr.direction,
    cdr.seatUserId,
    cdr.seatUserId,
    cdr.direction === 'outbound' ? cdr.callee : cdr.caller,
    cdr.callee,
    cdr.caller,
    cdr.startedAt,
    cdr.ringAt,
    cdr.acceptedAt,
    cdr.endedAt,
    cdr.talkSeconds,
    cdr.outcome,
    cdr.endStatus,
    cdr.endStatusString,
    cdr.hungUpSide,
    cdr.uui,
    cdr.recordId,
    cdr.hasRecording ? 1 : 0,
    null,
    1,
    0,
    source === 'push' ? 1 : 0,
    source === 'sync' ? 1 : 0,
    now,
    now,
    unpermitted ? 1 : 0,
  ];
}

const agentColumn = cdrColumns.indexOf('agent_username');

/**
 * The upsert compiled once per engine: every push and every synced record runs it, and building it
 * through the query builder each time cost more than SQLite's own work. Compiling a template whose
 * values are the parameters in `cdrParams` order makes the text and the parameter list agree.
 */
const compiledUpsert = new WeakMap<object, string>();
function upsertText(db: Db, params: unknown[]): string {
  const adapter = db.getExecutor().adapter;
  let text = compiledUpsert.get(adapter.constructor);
  if (text === undefined) {
    const values = params.map((p, i) => (i === agentColumn ? agentOfSeat(p as string) : p));
    text = sql`${cdrUpsertHead}(${sql.join(values)})${cdrUpsertTail}`.compile(db).sql;
    compiledUpsert.set(adapter.constructor, text);
  }
  return text;
}

/** Merges one CDR (data push or DescribeTelCdr) into the call's record. Idempotent, any order. */
export async function upsertCdr(
  db: Db,
  given: CdrFields,
  source: 'push' | 'sync',
  now: number,
  /** Number mapping is on: flag an outbound call that carried no granted permit. */
  auditPermits = false,
): Promise<void> {
  const cdr = await resolveProtected(db, given);
  const unpermitted = auditPermits && cdr.direction === 'outbound' && !(await carriesPermit(db, cdr.uui));
  const params = cdrParams(cdr, source, now, unpermitted);
  await db.executeQuery(CompiledQuery.raw(upsertText(db, params), params));
  if (cdr.seatRecordings !== undefined && cdr.seatRecordings.length > 0)
    await storeSeatRecordings(db, cdr.sessionId, cdr.seatRecordings, now);
  if (cdr.direction === 'inbound' && cdr.outcome === 'answered')
    await closeCallbacksCalledIn(db, cdr.caller, now);
}

/**
 * The order one transaction writes several calls in: by the key `sessionOf` gives, which starts with
 * the session ID; stable, so writes with equal keys keep their own order. Every writer taking shared
 * calls in the same order (a push batch on each replica, a sync page) is what keeps them from
 * deadlocking on PostgreSQL.
 */
export function inLockOrder<T>(items: readonly T[], sessionOf: (item: T) => string): T[] {
  // Each key made once, not once per comparison.
  const keyed = items.map((item) => ({ item, key: sessionOf(item) }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return keyed.map((k) => k.item);
}

/** Merges CDRs (a page of DescribeTelCdr), the same as one by one. */
export async function upsertCdrs(
  db: Db,
  cdrs: readonly CdrFields[],
  source: 'push' | 'sync',
  now: number,
  auditPermits = false,
): Promise<void> {
  for (const cdr of inLockOrder(cdrs, (c) => c.sessionId))
    await upsertCdr(db, cdr, source, now, auditPermits);
}

/**
 * A CDR of a protected call names the customer by ID with the number empty (TelCdrInfo's
 * ProtectedCallee/ProtectedCaller): the number comes back from the server's own mapping table, so
 * history, the push merge, the sync and the caps all see one customer.
 */
async function resolveProtected(db: Db, cdr: CdrFields): Promise<CdrFields> {
  const ids = [
    cdr.callee === '' ? cdr.protectedCallee : null,
    cdr.caller === '' ? cdr.protectedCaller : null,
  ];
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return cdr;
  const rows = await db
    .selectFrom('number_mappings')
    .select(['id', 'phone'])
    .where('id', 'in', wanted)
    .execute();
  const phone = new Map(rows.map((r) => [r.id, r.phone]));
  return {
    ...cdr,
    callee: (ids[0] && phone.get(ids[0])) || cdr.callee,
    caller: (ids[1] && phone.get(ids[1])) || cdr.caller,
  };
}

/**
 * Whether an outbound call carried a permit: its UUI names a granted one, and one issued under
 * number mapping was used by TCCC's UIDToPhone (a call forced to a real number never asks, so its
 * permit stays unused). A call without one is flagged for supervisors as unpermitted.
 */
async function carriesPermit(db: Db, uui: string | null): Promise<boolean> {
  const id = /^permit:([0-9a-f-]{36})$/.exec(uui ?? '')?.[1];
  if (id === undefined) return false;
  const permit = await db
    .selectFrom('dial_permits')
    .select(['allowed', 'customer_id', 'used_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return permit?.allowed === 1 && (permit.customer_id === null || permit.used_at !== null);
}

/**
 * A recording push: the call has one, and (named by `endpointUser`) one participant's own recording.
 * The signed URL in it is not kept.
 */
export async function upsertRecording(
  db: Db,
  rec: { sessionId: string; recordId: string | null; at: number; endpointUser?: string | undefined },
  now: number,
): Promise<void> {
  // The call's row first, then its recordings, as a CDR writes them: two writers taking one call's
  // rows in opposite orders deadlock on PostgreSQL.
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
  if (rec.recordId !== null && rec.endpointUser)
    await storePushedRecording(
      db,
      { sessionId: rec.sessionId, recordId: rec.recordId, endpointUser: rec.endpointUser },
      now,
    );
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
      const from = held?.seat_user_id ?? '';
      if (from !== '' && from !== user.seatUserId)
        await trx
          .insertInto('call_transfers')
          .values({ session_id: ev.sessionId, from_seat: from, to_seat: user.seatUserId, at: ev.at })
          .onConflict((oc) => oc.columns(['session_id', 'to_seat']).doNothing())
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
export function setNote(
  db: Kysely<Database>,
  user: Caller,
  sessionId: string,
  note: string,
  now: number,
): Promise<boolean> {
  return annotate(db, user, sessionId, { note: note === '' ? null : note }, now);
}

/**
 * Sets the disposition the agent chose for a call outside a list (null clears it), on the same terms
 * as the note; returns false when the call belongs to someone else.
 */
export function setDisposition(
  db: Kysely<Database>,
  user: Caller,
  sessionId: string,
  disposition: string | null,
  now: number,
): Promise<boolean> {
  return annotate(db, user, sessionId, { disposition }, now);
}

/** What the agent adds to a call after it: its note or its disposition. */
type Annotation = { note: string | null } | { disposition: string | null };

async function annotate(
  db: Kysely<Database>,
  user: Caller,
  sessionId: string,
  annotation: Annotation,
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
      note: null,
      ...annotation,
      has_cdr: 0,
      from_browser: 0,
      from_push: 0,
      from_sync: 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => {
      const column = 'note' in annotation ? 'note' : 'disposition';
      const update = oc
        .column('session_id')
        .doUpdateSet({ [column]: sql`${excluded(column)}`, updated_at: now });
      return user.role === 'supervisor'
        ? update
        : update.where((eb) =>
            eb.or([eb('calls.seat_user_id', '=', user.seatUserId), eb('calls.seat_user_id', '=', '')]),
          );
    })
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
