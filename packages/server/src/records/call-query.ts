import { type Kysely, type Selectable, sql } from 'kysely';
import type { CallRecord, CallStats, Page } from '../api-types.js';
import type { CallsTable, Database } from '../db/schema.js';
import type { Caller } from './call-store.js';
import type { OutcomeKey } from './outcome.js';

export type { CallRecord, CallStats } from '../api-types.js';

export interface CallFilter {
  from?: number | undefined;
  to?: number | undefined;
  outcome?: OutcomeKey | undefined;
  /** Customer number, any format: compared after normalisation. */
  phone?: string | undefined;
  /** Username whose seat's calls to list. */
  agent?: string | undefined;
}

export type CallPage = Page<CallRecord>;

type Row = Selectable<CallsTable> & { display_name: string | null };

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function toCallRecord(row: Row): CallRecord {
  return {
    sessionId: row.session_id,
    direction: row.direction,
    agent:
      row.agent_username === null
        ? null
        : { username: row.agent_username, displayName: row.display_name ?? row.agent_username },
    seatUserId: row.seat_user_id,
    callee: row.callee,
    caller: row.caller,
    startedAt: new Date(row.started_at).toISOString(),
    ringAt: iso(row.ring_at),
    acceptedAt: iso(row.accepted_at),
    endedAt: iso(row.ended_at),
    talkSeconds: row.talk_seconds,
    outcome: row.outcome as OutcomeKey,
    endStatus: row.end_status,
    endStatusString: row.end_status_string,
    hungUpSide: row.hung_up_side,
    hasRecording: row.has_recording === 1,
    note: row.note,
    sources: { browser: row.from_browser === 1, push: row.from_push === 1, sync: row.from_sync === 1 },
    ...(row.unpermitted === 1 ? { unpermitted: true as const } : {}),
    ...(row.disposition ? { disposition: row.disposition } : {}),
  };
}

/** Opaque keyset position: the last row's (started_at, session_id). */
export function encodeCursor(startedAt: number, sessionId: string): string {
  return Buffer.from(JSON.stringify([startedAt, sessionId])).toString('base64url');
}

export function decodeCursor(cursor: string): [number, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string'
    ) {
      return [value[0] as number, value[1]];
    }
  } catch {
    // fall through: not a cursor we made
  }
  return undefined;
}

/**
 * Whose calls a query reads: a supervisor's (any, or one agent's), or one of the two parts of an
 * agent's history, its own seat's calls and the calls handed to or from it (`call_seats`). The two
 * are read apart: an OR of both cannot walk the (seat, started_at) index, and sorted every call of
 * the seat on each page (33 ms at 1,000,000 calls on SQLite).
 */
type Part = 'supervisor' | 'ownSeat' | 'handedOver';

function baseQuery(db: Kysely<Database>, viewer: Caller, filter: CallFilter, part: Part) {
  let q = db
    .selectFrom('calls')
    .leftJoin('users', 'users.username', 'calls.agent_username')
    .selectAll('calls')
    .select('users.display_name')
    // Whether the call was handed on, read with the page: most pages have no transfer, and then the
    // page is one round trip instead of two.
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('call_transfers')
            .select('call_transfers.session_id')
            .whereRef('call_transfers.session_id', '=', 'calls.session_id'),
        )
        .as('transferred'),
    );
  // Agents see their own seat's calls whatever they ask for; supervisors may pick an agent.
  // A call transferred between seats is in each one's history.
  if (part === 'ownSeat') q = q.where('calls.seat_user_id', '=', viewer.seatUserId);
  else if (part === 'handedOver')
    q = q.where('calls.session_id', 'in', (eb) =>
      eb
        .selectFrom('call_seats')
        .select('call_seats.session_id')
        .where('call_seats.seat_user_id', '=', viewer.seatUserId),
    );
  else if (filter.agent !== undefined) {
    const agent = filter.agent;
    q = q.where('calls.seat_user_id', '=', (eb) =>
      eb.selectFrom('users').select('users.seat_user_id').where('users.username', '=', agent),
    );
  }
  if (filter.from !== undefined) q = q.where('calls.started_at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('calls.started_at', '<', filter.to);
  if (filter.outcome !== undefined) q = q.where('calls.outcome', '=', filter.outcome);
  if (filter.phone !== undefined) q = q.where('calls.phone', '=', filter.phone);
  return q;
}

/** Newest first, `limit` at a time; pass the returned cursor back for the next page. */
export async function listCalls(
  db: Kysely<Database>,
  viewer: Caller,
  filter: CallFilter,
  page: { limit: number; cursor?: [number, string] | undefined },
): Promise<CallPage> {
  const read = (part: Part) => {
    let q = baseQuery(db, viewer, filter, part);
    const after = page.cursor;
    if (after !== undefined) {
      q = q.where((eb) =>
        eb(eb.refTuple('calls.started_at', 'calls.session_id'), '<', eb.tuple(after[0], after[1])),
      );
    }
    return q
      .orderBy('calls.started_at', 'desc')
      .orderBy('calls.session_id', 'desc')
      .limit(page.limit + 1)
      .execute();
  };
  const rows =
    viewer.role === 'supervisor'
      ? await read('supervisor')
      : newestFirst([...(await read('ownSeat')), ...(await read('handedOver'))]).slice(0, page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: await withTransfers(
      db,
      items.map(toCallRecord),
      items.filter((r) => Boolean(r.transferred)).map((r) => r.session_id),
    ),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.started_at, last.session_id) : null,
  };
}

/** Rows of both parts of an agent's history, newest first as one page orders them, each call once. */
function newestFirst<T extends { started_at: number; session_id: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows
    .sort((a, b) =>
      a.started_at !== b.started_at
        ? b.started_at - a.started_at
        : a.session_id < b.session_id
          ? 1
          : a.session_id > b.session_id
            ? -1
            : 0,
    )
    .filter((r) => {
      if (seen.has(r.session_id)) return false;
      seen.add(r.session_id);
      return true;
    });
}

/** Every matching call, newest first, fetched a page at a time so memory stays flat (CSV export). */
export async function* iterateCalls(
  db: Kysely<Database>,
  viewer: Caller,
  filter: CallFilter,
  batch = 500,
): AsyncGenerator<CallRecord> {
  let cursor: [number, string] | undefined;
  for (;;) {
    const page = await listCalls(db, viewer, filter, { limit: batch, cursor });
    yield* page.items;
    if (page.nextCursor === null) return;
    cursor = decodeCursor(page.nextCursor);
  }
}

export async function findCall(db: Kysely<Database>, sessionId: string): Promise<CallRecord | undefined> {
  const row = await db
    .selectFrom('calls')
    .leftJoin('users', 'users.username', 'calls.agent_username')
    .selectAll('calls')
    .select('users.display_name')
    .where('calls.session_id', '=', sessionId)
    .executeTakeFirst();
  return row === undefined ? undefined : (await withTransfers(db, [toCallRecord(row)], [row.session_id]))[0];
}

/**
 * Adds who handed each call to whom (`call_transfers`), named as the seats' users, to the records of
 * `transferred` (the sessions known to have a transfer).
 */
async function withTransfers(
  db: Kysely<Database>,
  records: CallRecord[],
  transferred: string[],
): Promise<CallRecord[]> {
  if (transferred.length === 0) return records;
  const rows = await db
    .selectFrom('call_transfers')
    .selectAll()
    .where('session_id', 'in', transferred)
    .orderBy('at')
    .execute();
  if (rows.length === 0) return records;
  const seats = [...new Set(rows.flatMap((r) => [r.from_seat, r.to_seat]))];
  const users = await db
    .selectFrom('users')
    .select(['seat_user_id', 'display_name'])
    .where('seat_user_id', 'in', seats)
    .orderBy('username')
    .execute();
  const name = (seat: string) => users.find((u) => u.seat_user_id === seat)?.display_name ?? seat;
  const party = (seat: string) => ({ seatUserId: seat, displayName: name(seat) });
  return records.map((r) => {
    const mine = rows.filter((t) => t.session_id === r.sessionId);
    if (mine.length === 0) return r;
    return {
      ...r,
      transfers: mine.map((t) => ({
        from: party(t.from_seat),
        to: party(t.to_seat),
        at: new Date(Number(t.at)).toISOString(),
      })),
    };
  });
}

const HOUR = 3_600_000;

/** Dashboard aggregates over calls started in [from, to). */
export async function callStats(db: Kysely<Database>, from: number, to: number): Promise<CallStats> {
  const answered = sql<number>`sum(case when calls.outcome = 'answered' then 1 else 0 end)`;
  const answeredTalk = sql<number>`sum(case when calls.outcome = 'answered' then calls.talk_seconds else 0 end)`;
  const inRange = db
    .selectFrom('calls')
    .where('calls.started_at', '>=', from)
    .where('calls.started_at', '<', to);
  const hour = sql<number>`(calls.started_at - (calls.started_at % ${sql.lit(HOUR)}))`;
  const [hours, agents] = await Promise.all([
    inRange
      .select([hour.as('hour'), (eb) => eb.fn.countAll<number>().as('calls'), answered.as('answered')])
      .groupBy(hour)
      .orderBy(hour)
      .execute(),
    inRange
      .leftJoin('users', 'users.username', 'calls.agent_username')
      .select([
        'calls.agent_username',
        'calls.seat_user_id',
        'users.display_name',
        (eb) => eb.fn.countAll<number>().as('calls'),
        answered.as('answered'),
        answeredTalk.as('talk'),
        sql<number>`sum(calls.unpermitted)`.as('unpermitted'),
      ])
      .groupBy(['calls.agent_username', 'calls.seat_user_id', 'users.display_name'])
      .orderBy('calls.agent_username')
      .orderBy('calls.seat_user_id')
      .execute(),
  ]);
  const total = agents.reduce((n, a) => n + Number(a.calls), 0);
  const totalAnswered = agents.reduce((n, a) => n + Number(a.answered ?? 0), 0);
  const totalTalk = agents.reduce((n, a) => n + Number(a.talk ?? 0), 0);
  return {
    perHour: hours.map((h) => ({
      hour: new Date(Number(h.hour)).toISOString(),
      calls: Number(h.calls),
      answered: Number(h.answered ?? 0),
    })),
    answerRate: total === 0 ? 0 : totalAnswered / total,
    averageTalkSeconds: totalAnswered === 0 ? 0 : totalTalk / totalAnswered,
    unpermitted: agents.reduce((n, a) => n + Number(a.unpermitted ?? 0), 0),
    perAgent: agents.map((a) => ({
      username: a.agent_username ?? a.seat_user_id,
      displayName: a.display_name ?? a.agent_username ?? a.seat_user_id,
      calls: Number(a.calls),
      answered: Number(a.answered ?? 0),
      talkSeconds: Number(a.talk ?? 0),
    })),
  };
}
