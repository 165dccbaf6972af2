import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import type { CdrApi } from './cdr-api.js';
import { acquireSyncLease, startCdrSyncJob } from './cdr-sync.js';

const targets = await databaseTargets();

describe.each(targets)('the CDR sync lease across replicas ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(async () => {
    await handle.close();
  });

  it('lets one replica hold it, renew it, and hands it over only after it lapses', async () => {
    const lease = 60_000;
    expect(await acquireSyncLease(handle.db, 'replica-a', 1_000, lease)).toBe(true);
    expect(await acquireSyncLease(handle.db, 'replica-b', 2_000, lease)).toBe(false);
    expect(await acquireSyncLease(handle.db, 'replica-a', 30_000, lease)).toBe(true);
    expect(await acquireSyncLease(handle.db, 'replica-b', 80_000, lease)).toBe(false);
    expect(await acquireSyncLease(handle.db, 'replica-b', 90_001, lease)).toBe(true);
    expect(await acquireSyncLease(handle.db, 'replica-a', 90_002, lease)).toBe(false);
  });

  it('two jobs started together: only one of them asks TCCC', async () => {
    const asked: string[] = [];
    const api = (name: string): CdrApi => ({
      describeTelCdr: async () => {
        asked.push(name);
        return { TotalCount: 0, TelCdrList: [] };
      },
      describeSessionDetail: async () => ({}),
    });
    const common = { db: handle.db, intervalMs: 60_000, firstDelayMs: 0, since: Date.now() - 3_600_000 };
    const a = startCdrSyncJob({ ...common, api: api('a') });
    const b = startCdrSyncJob({ ...common, api: api('b') });
    for (let waited = 0; asked.length === 0 && waited < 5000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all([a.stop(), b.stop()]);
    expect(asked.length).toBe(1);
  });
});
