import type { FastifyInstance } from 'fastify';
import type { LeaderLock } from '../scale/leader-lock.js';
import { startLeaderJob } from '../scale/leader-lock.js';
import type { CdrApi } from './cdr-api.js';
import { type SyncJob, startCdrSyncJob, syncCdrs } from './cdr-sync.js';

/** The background DescribeTelCdr sync that backfills what the data push missed, on one replica at a time. */
export interface CdrSyncSchedule {
  /** How often (`CDR_SYNC_INTERVAL_SECONDS`); the first run comes after at most 10 s. */
  intervalMs: number;
  /** How long the running replica's claim lasts without renewal (`CDR_SYNC_LEASE_SECONDS`). */
  leaseMs: number;
  /**
   * A Redis lock shared by the replicas (with `REDIS_URL`); without one they share a lease row in the
   * database, taken with an atomic upsert.
   */
  lock?: LeaderLock | undefined;
}

/** Starts the sync when the app is ready and stops it when the app closes. */
export function scheduleCdrSync(app: FastifyInstance, api: CdrApi, schedule: CdrSyncSchedule): void {
  const db = app.dialer.db;
  if (db === undefined || schedule.intervalMs <= 0) return;
  const options = {
    db,
    api,
    auditPermits: app.dialer.numberMapping.enabled,
    onInvalid: (info: { sessionId: string | undefined; reason: string }) =>
      app.log.warn(info, 'CDR sync skipped a record that does not parse'),
  };
  const onError = (error: unknown) =>
    app.log.warn(
      { code: (error as { code?: string }).code ?? 'UNKNOWN' },
      'CDR sync failed; retrying next run',
    );
  const firstDelayMs = Math.min(schedule.intervalMs, 10_000);
  let job: SyncJob | undefined;
  app.addHook('onReady', async () => {
    const { lock } = schedule;
    job =
      lock === undefined
        ? startCdrSyncJob({
            ...options,
            intervalMs: schedule.intervalMs,
            leaseMs: schedule.leaseMs,
            firstDelayMs,
            onError,
          })
        : startLeaderJob({
            lock,
            ttlMs: schedule.leaseMs,
            intervalMs: schedule.intervalMs,
            firstDelayMs,
            run: () => syncCdrs(options),
            onError,
            onLeadership: (leader) =>
              app.log.info({ event: leader ? 'cdr-sync-leader' : 'cdr-sync-standby' }, 'CDR sync role'),
          });
  });
  app.addHook('onClose', async () => {
    await job?.stop();
  });
}
