import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

const DAY = 86_400_000;

export interface RetentionOptions {
  /** Days a dial permit (granted or refused) is kept (`RETENTION_DIAL_PERMITS_DAYS`); 0 keeps them all. */
  dialPermitDays: number;
  /** Days a data push receipt is kept for de-duplication (`RETENTION_PUSH_RECEIPTS_DAYS`); 0: all. */
  pushReceiptDays: number;
  /** How often a run is due across all replicas (default hourly). */
  intervalMs?: number | undefined;
}

export interface RetentionRun {
  dialPermits: number;
  pushReceipts: number;
  sessions: number;
}

const stateName = 'retention';
/** Times as fixed-width text, so that the text column compares in time order on both engines. */
const stamp = (ms: number) => String(Math.floor(ms)).padStart(16, '0');

/**
 * Claims this interval's run: one atomic conditional update of a `sync_state` row, so of replicas
 * asking together exactly one gets it (SQLite and PostgreSQL alike, with or without Redis).
 */
export async function claimRetentionRun(
  db: Kysely<Database>,
  now: number,
  intervalMs: number,
): Promise<boolean> {
  await db
    .insertInto('sync_state')
    .values({ name: stateName, position: stamp(0), updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const claimed = await db
    .updateTable('sync_state')
    .set({ position: stamp(now), updated_at: now })
    .where('name', '=', stateName)
    .where('position', '<=', stamp(now - intervalMs))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** Deletes what has outlived its retention: old dial permits and push receipts, expired sessions. */
export async function prune(db: Kysely<Database>, now: number, o: RetentionOptions): Promise<RetentionRun> {
  const deleted = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
  const dialPermits =
    o.dialPermitDays > 0
      ? deleted(
          await db
            .deleteFrom('dial_permits')
            .where('created_at', '<', now - o.dialPermitDays * DAY)
            .executeTakeFirst(),
        )
      : 0;
  const pushReceipts =
    o.pushReceiptDays > 0
      ? deleted(
          await db
            .deleteFrom('push_receipts')
            .where('received_at', '<', now - o.pushReceiptDays * DAY)
            .executeTakeFirst(),
        )
      : 0;
  const sessions = deleted(await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst());
  return { dialPermits, pushReceipts, sessions };
}

/** One tick of the job: prunes when this replica wins the interval's claim; undefined when another did. */
export async function runRetention(
  db: Kysely<Database>,
  now: number,
  o: RetentionOptions,
): Promise<RetentionRun | undefined> {
  if (!(await claimRetentionRun(db, now, o.intervalMs ?? 3_600_000))) return undefined;
  return prune(db, now, o);
}

/** Checks every few minutes whether a run is due; the replica that claims it prunes. */
export function scheduleRetention(app: FastifyInstance, o: RetentionOptions): void {
  const db = app.dialer.db;
  if (db === undefined) return;
  const intervalMs = o.intervalMs ?? 3_600_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    running = runRetention(db, app.dialer.now(), { ...o, intervalMs })
      .then((run) => {
        if (run !== undefined) app.log.info({ event: 'retention', ...run }, 'pruned old records');
      })
      .catch((error: unknown) =>
        app.log.warn({ code: (error as { code?: string }).code ?? 'UNKNOWN' }, 'retention run failed'),
      );
  };
  app.addHook('onReady', async () => {
    timer = setInterval(tick, Math.min(intervalMs, 300_000));
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
