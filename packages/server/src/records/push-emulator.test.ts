import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import { createUpstream } from '../upstream/client.js';
import { cdrApiFromUpstream } from './cdr-api.js';
import { syncCdrs } from './cdr-sync.js';
import { buildRecordsApp, pushAuth, seedUsers } from './test-support/records-app.js';

const targets = await databaseTargets();

describe.each(targets)("the emulator's data push over HTTP ($engine)", ({ open }) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let emulator: Emulator;
  beforeEach(async () => {
    handle = await open();
    await seedUsers(handle.db);
    app = await buildRecordsApp(handle.db);
    const port = await app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
      const address = app.server.address();
      return typeof address === 'object' && address ? address.port : 0;
    });
    emulator = await startEmulator({
      port: 0,
      pushUrl: `http://127.0.0.1:${port}/api/tccc/push`,
      pushBasicAuth: pushAuth,
      pushRetryDelayMs: 10,
    });
  });
  afterEach(async () => {
    await emulator.close();
    await app.close();
    await handle.close();
  });

  it('stores every pushed CDR once despite duplicate and reordered deliveries, and sync adds nothing new', async () => {
    emulator.faults.push({ mode: 'duplicate', count: 5 });
    emulator.faults.push({ mode: 'reorder', count: 3 });
    const nowS = Math.floor(Date.now() / 1000);
    const ids = emulator.seedCdrs({
      count: 30,
      startTimestamp: nowS - 3600,
      endTimestamp: nowS - 600,
      push: true,
    });
    await emulator.push.idle();
    const attempts = emulator.push.attempts();
    expect(attempts.some((a) => a.duplicate)).toBe(true);
    expect(attempts.every((a) => a.ok)).toBe(true);

    const pushed = await handle.db.selectFrom('calls').select(['session_id', 'from_push']).execute();
    expect(pushed.map((r) => r.session_id).sort()).toEqual([...ids].sort());

    const upstream = createUpstream({
      apiEndpoint: emulator.apiEndpoint,
      protocol: 'http://',
      secretId: emulator.config.secretId,
      secretKey: emulator.config.secretKey,
      sdkAppId: emulator.config.sdkAppId,
    });
    try {
      await syncCdrs({
        db: handle.db,
        api: cdrApiFromUpstream(upstream, emulator.config.sdkAppId),
        since: Date.now() - 2 * 3600_000,
      });
    } finally {
      upstream.close?.();
    }
    const merged = await handle.db
      .selectFrom('calls')
      .select(['session_id', 'from_push', 'from_sync'])
      .execute();
    expect(merged).toHaveLength(30);
    expect(merged.every((r) => r.from_push === 1 && r.from_sync === 1)).toBe(true);
  });

  it('a wrong push password is refused, the emulator retries, and nothing is stored', async () => {
    emulator.push.configure({ url: emulator.push.target()?.url ?? '', basicAuth: 'tccc:not-the-password' });
    emulator.seedCdrs({ count: 2, push: true });
    await emulator.push.idle();
    const attempts = emulator.push.attempts();
    const perPush = new Map<string, number>();
    for (const a of attempts) perPush.set(a.uuid, (perPush.get(a.uuid) ?? 0) + 1);
    expect(perPush.size).toBeGreaterThanOrEqual(2);
    expect([...perPush.values()].every((n) => n === 4)).toBe(true); // first delivery + 3 retries
    expect(attempts.every((a) => a.status === 401 && !a.ok)).toBe(true);
    expect(await handle.db.selectFrom('calls').selectAll().execute()).toEqual([]);
  });
});
