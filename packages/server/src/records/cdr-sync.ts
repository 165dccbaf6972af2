import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { upsertCdrs } from './call-store.js';
import { type CdrFields, cdrFields, telCdrSchema } from './cdr.js';
import type { CdrApi } from './cdr-api.js';
import { telCdrPageSchema } from './cdr-api.js';

const SYNC_NAME = 'cdr';
const DAY = 86_400_000;
/** DescribeTelCdr accepts a range shorter than 90 days. */
export const maxWindowMs = 89 * DAY;
/** DescribeTelCdr pages hold at most 100 records. */
export const maxPageSize = 100;

/**
 * Where the sync stands. `page` is the next page of the window [windowStart, windowEnd] to fetch;
 * it is saved in the same transaction as that page's calls, so a crash resumes exactly after the last
 * stored page: nothing skipped, nothing fetched twice.
 */
const positionSchema = z.object({
  windowStart: z.number().int(),
  windowEnd: z.number().int(),
  page: z.number().int().nonnegative(),
  /** Start of the next window once this one is done. */
  resumeFrom: z.number().int(),
});
export type SyncPosition = z.infer<typeof positionSchema>;

export interface CdrSyncOptions {
  db: Kysely<Database>;
  api: CdrApi;
  /** Number mapping is on: flag outbound calls that carried no granted permit. */
  auditPermits?: boolean;
  now?: () => number;
  /** Where to start when nothing is saved (or when given explicitly: `cdr sync --since`). */
  since?: number;
  /** Start over from `since`, dropping a saved position. */
  restart?: boolean;
  /** ≤ 100. */
  pageSize?: number;
  /** DescribeTelCdr pages asked for at once (default 4); the pacer still holds them to the quota. */
  pagesInFlight?: number;
  /** Calls younger than this may still be running and have no CDR yet: the window ends before them. */
  settleMs?: number;
  /**
   * Each run re-reads this much before where the last one ended, to catch CDRs of calls that started
   * earlier but finished (and were written) after that run.
   */
  overlapMs?: number;
  /** Told about records skipped because they do not parse (their SessionId, if any, and why). */
  onInvalid?: (info: { sessionId: string | undefined; reason: string }) => void;
  /** Called after each stored page (progress for the CLI). */
  onPage?: (info: {
    windowStart: number;
    windowEnd: number;
    page: number;
    stored: number;
    total: number;
  }) => void;
}

export interface CdrSyncResult {
  pages: number;
  stored: number;
  position: SyncPosition;
}

export async function loadSyncPosition(db: Kysely<Database>): Promise<SyncPosition | undefined> {
  const row = await db
    .selectFrom('sync_state')
    .select('position')
    .where('name', '=', SYNC_NAME)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const parsed = positionSchema.safeParse(JSON.parse(row.position));
  return parsed.success ? parsed.data : undefined;
}

async function savePosition(db: Kysely<Database>, position: SyncPosition, now: number): Promise<void> {
  const json = JSON.stringify(position);
  await db
    .insertInto('sync_state')
    .values({ name: SYNC_NAME, position: json, updated_at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ position: json, updated_at: now }))
    .execute();
}

/**
 * Pulls DescribeTelCdr from the saved position up to (now − settle), window by window (< 90 days) and
 * page by page (≤ 100), merging each page into the call records. Upstream errors propagate after the
 * last good page is saved; the next run continues from there.
 */
/** Pages requested before the one being stored is written: enough to keep the quota busy. */
const defaultPagesInFlight = 4;

/**
 * DescribeTelCdr pages of one window, requested ahead: while a page is being stored the next ones are
 * already on their way, so a backfill runs at the quota's pace instead of one round trip plus one
 * write per page. Pages are still stored strictly in order, and the position saved after each.
 */
function pageFetcher(api: CdrApi, pageSize: number, inFlight: number) {
  let window = '';
  let requested = new Map<number, Promise<unknown>>();
  const request = (position: SyncPosition, page: number) => {
    const key = `${position.windowStart}-${position.windowEnd}`;
    if (key !== window) {
      window = key;
      requested = new Map();
    }
    let pending = requested.get(page);
    if (pending === undefined) {
      pending = api.describeTelCdr({
        StartTimeStamp: Math.floor(position.windowStart / 1000),
        EndTimeStamp: Math.floor(position.windowEnd / 1000),
        PageSize: pageSize,
        PageNumber: page,
      });
      // A page asked for ahead may fail after the run already stopped on an earlier error.
      pending.catch(() => undefined);
      requested.set(page, pending);
    }
    return pending;
  };
  return {
    get(position: SyncPosition): Promise<unknown> {
      const pending = request(position, position.page);
      requested.delete(position.page);
      return pending;
    },
    /** Asks for the pages after `position.page` in its window, up to `inFlight` of them. */
    ahead(position: SyncPosition, pageCount: number): void {
      for (let page = position.page + 1; page < Math.min(pageCount, position.page + inFlight); page++)
        request(position, page);
    },
  };
}

export async function syncCdrs(options: CdrSyncOptions): Promise<CdrSyncResult> {
  const { db, api } = options;
  const now = options.now ?? Date.now;
  const pageSize = Math.min(maxPageSize, Math.max(1, options.pageSize ?? maxPageSize));
  const settleMs = options.settleMs ?? 60_000;
  const overlapMs = options.overlapMs ?? 2 * 3_600_000;
  const saved = options.restart ? undefined : await loadSyncPosition(db);
  const start = options.since ?? now() - DAY;
  let position: SyncPosition = saved ?? { windowStart: start, windowEnd: start, page: 0, resumeFrom: start };
  // An explicit start is remembered at once, so a run that fails on its first page resumes from it.
  if (options.restart) await savePosition(db, position, now());
  let pages = 0;
  let stored = 0;

  // This run syncs up to a fixed point, so a slow run does not chase the clock.
  const until = now() - settleMs;
  const fetcher = pageFetcher(api, pageSize, options.pagesInFlight ?? defaultPagesInFlight);
  for (;;) {
    if (position.windowEnd <= position.windowStart) {
      const windowStart = position.resumeFrom;
      const windowEnd = Math.min(windowStart + maxWindowMs, until);
      if (windowEnd <= windowStart) break;
      position = { windowStart, windowEnd, page: 0, resumeFrom: windowStart };
    }
    const parsed = telCdrPageSchema.parse(await fetcher.get(position));
    fetcher.ahead(position, Math.ceil(parsed.TotalCount / pageSize));
    const items = parsed.TelCdrList ?? parsed.TelCdrs ?? [];
    const list: CdrFields[] = [];
    for (const item of items) {
      const cdr = telCdrSchema.safeParse(item);
      if (cdr.success) list.push(cdrFields(cdr.data));
      else {
        const id = (item as { SessionId?: unknown } | null)?.SessionId;
        const issue = cdr.error.issues[0];
        options.onInvalid?.({
          sessionId: typeof id === 'string' ? id : undefined,
          reason: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
        });
      }
    }
    const done = items.length < pageSize || (position.page + 1) * pageSize >= parsed.TotalCount;
    const caughtUp = position.windowEnd >= until;
    const next: SyncPosition = done
      ? {
          // Window closed. Once caught up, the next run starts an overlap earlier, for CDRs of calls
          // that started in this window but were written after it was read.
          windowStart: 0,
          windowEnd: 0,
          page: 0,
          resumeFrom: caughtUp
            ? Math.max(position.windowStart, position.windowEnd - overlapMs)
            : position.windowEnd,
        }
      : { ...position, page: position.page + 1 };
    const at = now();
    await db.transaction().execute(async (trx) => {
      await upsertCdrs(trx, list, 'sync', at, options.auditPermits);
      await savePosition(trx, next, at);
    });
    pages++;
    stored += list.length;
    options.onPage?.({
      windowStart: position.windowStart,
      windowEnd: position.windowEnd,
      page: position.page,
      stored: list.length,
      total: parsed.TotalCount,
    });
    position = next;
    if (done && caughtUp) break;
  }
  return { pages, stored, position };
}

const LEASE_NAME = 'cdr-lease';

/**
 * Takes or renews the sync lease: with several replicas on one PostgreSQL, one of them runs the job at
 * a time (the others would only spend the shared upstream quota on the same pages). A lease whose
 * holder stopped renewing it expires after `leaseMs`.
 */
export async function acquireSyncLease(
  db: Kysely<Database>,
  holder: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const position = JSON.stringify({ holder });
  const result = await db
    .insertInto('sync_state')
    .values({ name: LEASE_NAME, position, updated_at: now })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ position, updated_at: now })
        .where((eb) =>
          eb.or([eb('sync_state.position', '=', position), eb('sync_state.updated_at', '<', now - leaseMs)]),
        ),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface SyncJob {
  stop(): Promise<void>;
}

/**
 * Runs syncCdrs every `intervalMs` (first run after `firstDelayMs`), one run at a time and, across
 * replicas, only while holding the lease. Failures go to `onError` and are retried on the next tick.
 */
export function startCdrSyncJob(
  options: CdrSyncOptions & {
    intervalMs: number;
    firstDelayMs?: number;
    /** Default: three intervals. */
    leaseMs?: number;
    onError?: (error: unknown) => void;
  },
): SyncJob {
  const holder = randomUUID();
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 3 * options.intervalMs;
  let running: Promise<void> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const once = async () => {
    if (await acquireSyncLease(options.db, holder, now(), leaseMs)) await syncCdrs(options);
  };
  const tick = () => {
    if (stopped) return;
    running = once()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, options.intervalMs).unref();
      });
  };
  timer = setTimeout(tick, options.firstDelayMs ?? options.intervalMs).unref();
  return {
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
  };
}
