import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { reusableStatement } from '../db/reusable-statement.js';
import type { CampaignEntriesTable, Database } from '../db/schema.js';

/** A claim not finished within this time (tab closed, machine off) goes back to the queue. */
export const claimLeaseMs = 15 * 60_000;

export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Takes the next due entry of a list for one agent, or nothing. One statement per engine, so two
 * agents (on one server or on replicas sharing the database) never take the same entry:
 * PostgreSQL picks the row with `FOR UPDATE SKIP LOCKED` (concurrent claims skip each other's row
 * instead of waiting on it); SQLite runs the pick and the update as one atomic statement (writes are
 * serialised), re-checking the status in the outer WHERE.
 *
 * Order: this agent's own callbacks first, then abandoned claims, then by due time and file order. A
 * callback owned by another agent is theirs until `owner_until`, then anyone's.
 */
export async function claimNext(
  db: Kysely<Database>,
  campaignId: string,
  agent: string,
  now: number,
): Promise<CampaignEntriesTable | undefined> {
  const hints = queueHints(db);
  // Under PostgreSQL's read committed, a row another claim committed a moment ago is re-checked and
  // dropped, so the statement can come back empty while entries remain: try again a few times. The
  // first try starts the queue walk at the hint; the later ones walk it from the start.
  for (let attempt = 0; attempt < 5; attempt++) {
    const hint = attempt === 0 ? hints.get(campaignId) : undefined;
    const entry = await claimOnce(db, campaignId, agent, now, hint);
    if (entry !== undefined) {
      const last = hints.get(campaignId);
      if (last === undefined || before(last, entry)) {
        hints.set(campaignId, { next_at: entry.next_at, row_number: entry.row_number });
      }
      return entry;
    }
    if (!(await anyClaimable(db, campaignId, agent, now))) return undefined;
  }
  return undefined;
}

type QueueKey = Pick<CampaignEntriesTable, 'next_at' | 'row_number'>;
const before = (a: QueueKey, b: QueueKey) =>
  a.next_at < b.next_at || (a.next_at === b.next_at && a.row_number < b.row_number);

/**
 * Where this process last claimed in each list's queue. Claimed entries leave index entries behind
 * until VACUUM, at the head of the queue; every claim walking over thousands of them costs more the
 * further a list is worked. Entries that become due again (retries, released claims) get a later
 * `next_at`, so the queue only grows behind the last claim: starting the walk there skips the dead
 * head. It is only a hint: when nothing is found from it, the walk starts from the beginning.
 */
const hintsByDb = new WeakMap<object, Map<string, QueueKey>>();
function queueHints(db: Kysely<Database>): Map<string, QueueKey> {
  const key = db.getExecutor();
  let hints = hintsByDb.get(key);
  if (hints === undefined) {
    hints = new Map();
    hintsByDb.set(key, hints);
  }
  return hints;
}

/** Entries this agent could take now (own callbacks, stale claims, or the due queue). */
function claimable(campaignId: string, agent: string, now: number) {
  const staleBefore = now - claimLeaseMs;
  return sql`campaign_id = ${campaignId}
          and ((status = 'pending' and next_at <= ${now})
               or (status = 'claimed' and claimed_at < ${staleBefore}))
          and (owner is null or owner = ${agent} or owner_until <= ${now})`;
}

async function anyClaimable(db: Kysely<Database>, campaignId: string, agent: string, now: number) {
  const r = await sql<{
    id: string;
  }>`select id from campaign_entries where ${claimable(campaignId, agent, now)} limit 1`.execute(db);
  return r.rows.length > 0;
}

/**
 * What a claim reads back: the columns its statement does not set itself. They come back as one
 * JSON array in this order, not as fourteen columns: the driver describes and parses each column of
 * every answer, and that was about a sixth of what a claim cost this process.
 */
const readBack = [
  'id',
  'row_number',
  'phone',
  'name',
  'fields',
  'close_reason',
  'attempts',
  'last_outcome',
  'last_disposition',
  'next_at',
  'owner',
  'owner_until',
  'callback_at',
  'created_at',
] as const satisfies readonly (keyof CampaignEntriesTable)[];
type ReadBack = (typeof readBack)[number];

interface ClaimValues {
  campaignId: string;
  agent: string;
  now: number;
  staleBefore: number;
  hintNextAt?: number;
  hintRow?: number;
}

/**
 * Three candidates, each one index probe, tried in order by COALESCE (which stops at the first
 * found): this agent's due callbacks, a claim abandoned past its lease, then the queue by due time
 * and file order (from `hint`, when there is one). Each sub-select locks only the row it returns.
 */
const claimStatement = (fromHint: boolean) =>
  reusableStatement((db, v: ClaimValues) => {
    const lock = isPostgres(db) ? sql`for update skip locked` : sql``;
    const from = fromHint ? sql`and (next_at, row_number) >= (${v.hintNextAt}, ${v.hintRow})` : sql``;
    const jsonArray = isPostgres(db) ? sql`json_build_array` : sql`json_array`;
    return sql<{ entry: unknown[] | string }>`
    update campaign_entries
       set status = 'claimed', claimed_by = ${v.agent}, claimed_at = ${v.now}, updated_at = ${v.now}
     where id = coalesce(
       (select id from campaign_entries
         where campaign_id = ${v.campaignId} and owner = ${v.agent} and status = 'pending' and next_at <= ${v.now}
         order by next_at limit 1 ${lock}),
       (select id from campaign_entries
         where campaign_id = ${v.campaignId} and status = 'claimed' and claimed_at < ${v.staleBefore}
           and (owner is null or owner = ${v.agent} or owner_until <= ${v.now})
         order by claimed_at limit 1 ${lock}),
       (select id from campaign_entries
         where campaign_id = ${v.campaignId} and status = 'pending' and next_at <= ${v.now} ${from}
           and (owner is null or owner = ${v.agent} or owner_until <= ${v.now})
         order by next_at, row_number limit 1 ${lock})
     )
     and (status = 'pending' or (status = 'claimed' and claimed_at < ${v.staleBefore}))
     returning ${jsonArray}(${sql.join(readBack.map((c) => sql.ref(c)))}) as entry`;
  });
const claimFromStart = claimStatement(false);
const claimFromHint = claimStatement(true);

async function claimOnce(
  db: Kysely<Database>,
  campaignId: string,
  agent: string,
  now: number,
  hint: QueueKey | undefined,
): Promise<CampaignEntriesTable | undefined> {
  const values = { campaignId, agent, now, staleBefore: now - claimLeaseMs };
  const query =
    hint === undefined
      ? claimFromStart(db, values)
      : claimFromHint(db, { ...values, hintNextAt: hint.next_at, hintRow: hint.row_number });
  const packed = (await db.executeQuery(query)).rows[0]?.entry;
  if (packed === undefined) return undefined;
  // pg parses a json value; SQLite hands over its text.
  const read = typeof packed === 'string' ? (JSON.parse(packed) as unknown[]) : packed;
  const entry: Record<string, unknown> = {
    // What the statement set, it need not read back.
    campaign_id: campaignId,
    status: 'claimed',
    claimed_by: agent,
    claimed_at: now,
    updated_at: now,
  } satisfies Omit<CampaignEntriesTable, ReadBack>;
  for (const [i, column] of readBack.entries()) entry[column] = read[i];
  return entry as unknown as CampaignEntriesTable;
}

/** The entry this agent already holds in a list (a reload must not claim a second one). */
export async function heldEntry(
  db: Kysely<Database>,
  campaignId: string,
  agent: string,
  now: number,
): Promise<CampaignEntriesTable | undefined> {
  return db
    .selectFrom('campaign_entries')
    .selectAll()
    .where('claimed_by', '=', agent)
    .where('status', '=', 'claimed')
    .where('campaign_id', '=', campaignId)
    .where('claimed_at', '>=', now - claimLeaseMs)
    .executeTakeFirst();
}
