import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { boardFloor, boardList } from '../api/board.js';
import type { Database } from '../db/schema.js';

export type BoardFloor = z.output<typeof boardFloor>;
type BoardList = z.output<typeof boardList>;
export type QueueFigures = NonNullable<BoardFloor['queue']>;

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** How many earlier days make "the usual" for this hour. */
const usualDays = 7;

async function hourCalls(db: Kysely<Database>, from: number, to: number) {
  const row = await db
    .selectFrom('calls')
    .select([
      (eb) => eb.fn.countAll<number>().as('calls'),
      (eb) => eb.fn.count<number>('accepted_at').as('answered'),
    ])
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .executeTakeFirst();
  return { calls: Number(row?.calls ?? 0), answered: Number(row?.answered ?? 0) };
}

/** The first minute of an hour counts as a whole one, so two quick dials do not promise the moon. */
const minElapsedMs = 60_000;

/** When `remaining` entries run out at the rate of `dialled` dials in the `elapsedMs` of this hour. */
export function projectedFinish(remaining: number, dialled: number, elapsedMs: number, now: number) {
  if (remaining === 0 || dialled === 0) return null;
  const perMs = dialled / Math.max(elapsedMs, minElapsedMs);
  return new Date(now + Math.ceil(remaining / perMs)).toISOString();
}

/** The active and paused lists: what is left, what was dialled this hour, how often a dial reached someone. */
async function listProgress(db: Kysely<Database>, hourStart: number, now: number): Promise<BoardList[]> {
  const lists = await db
    .selectFrom('campaigns')
    .select(['id', 'name'])
    .where('status', '!=', 'closed')
    .orderBy('created_at')
    .execute();
  if (lists.length === 0) return [];
  const ids = lists.map((l) => l.id);
  const remaining = await db
    .selectFrom('campaign_entries')
    .select(['campaign_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', 'in', ids)
    .where('status', '!=', 'closed')
    .groupBy('campaign_id')
    .execute();
  const attempts = await db
    .selectFrom('campaign_attempts')
    .select([
      'campaign_id',
      (eb) => eb.fn.countAll<number>().as('all'),
      (eb) =>
        eb.fn.sum<number>(eb.case().when('outcome', '=', 'answered').then(1).else(0).end()).as('answered'),
      (eb) =>
        eb.fn.sum<number>(eb.case().when('created_at', '>=', hourStart).then(1).else(0).end()).as('hour'),
    ])
    .where('campaign_id', 'in', ids)
    .groupBy('campaign_id')
    .execute();
  const left = new Map(remaining.map((r) => [r.campaign_id, Number(r.n)]));
  const tried = new Map(attempts.map((a) => [a.campaign_id, a]));
  return lists.map((l) => {
    const a = tried.get(l.id);
    const all = Number(a?.all ?? 0);
    const remaining = left.get(l.id) ?? 0;
    const dialledThisHour = Number(a?.hour ?? 0);
    return {
      campaignId: l.id,
      name: l.name,
      remaining,
      dialledThisHour,
      contactRate: all === 0 ? 0 : Number(a?.answered ?? 0) / all,
      projectedFinish: projectedFinish(remaining, dialledThisHour, now - hourStart, now),
    };
  });
}

/** The floor's figures at `now`; `queue` is TCCC's last answer, if any. */
export async function floorFigures(
  db: Kysely<Database>,
  now: number,
  queue: QueueFigures | null,
): Promise<BoardFloor> {
  const hourStart = Math.floor(now / hourMs) * hourMs;
  const thisHour = await hourCalls(db, hourStart, now + 1);
  let calls = 0;
  let answered = 0;
  for (let d = 1; d <= usualDays; d++) {
    const h = await hourCalls(db, hourStart - d * dayMs, hourStart - d * dayMs + hourMs);
    calls += h.calls;
    answered += h.answered;
  }
  return {
    at: new Date(now).toISOString(),
    lists: await listProgress(db, hourStart, now),
    thisHour,
    usualHour: { calls: calls / usualDays, answered: answered / usualDays },
    queue,
  };
}
