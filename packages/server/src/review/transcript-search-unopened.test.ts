import { defaultEmulatorConfig } from '@tccc-dialer/emulator';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import type { SessionUser } from '../http/core-plugin.js';
import { tcccDialer } from '../plugin.js';
import { cdrApiFromUpstream } from '../records/cdr-api.js';
import { syncCdrs } from '../records/cdr-sync.js';
import { demoUsers, seedUsers } from '../records/test-support/records-app.js';
import { useEmulatorUpstream } from '../test-support/emulator-upstream.js';

const tccc = useEmulatorUpstream();

describe('the transcript search with background fetching on', () => {
  it('finds a call by what the customer said though nobody opened its page', async () => {
    const handle = await openDatabase(':memory:');
    await seedUsers(handle.db);
    const end = Math.floor(Date.now() / 1000) - 600;
    // A quarter of the answered calls are about a refund: among 60 calls one is all but certain.
    tccc.emulator.seedCdrs({
      count: 60,
      seatUserId: demoUsers.alice.seatUserId,
      startTimestamp: end - 3600,
      endTimestamp: end,
    });
    await syncCdrs({
      db: handle.db,
      api: cdrApiFromUpstream(tccc.upstream, defaultEmulatorConfig.sdkAppId),
      since: (end - 7200) * 1000,
    });
    const app = Fastify();
    await app.register(tcccDialer, {
      db: handle.db,
      upstream: tccc.upstream,
      sdkAppId: defaultEmulatorConfig.sdkAppId,
      openapi: false,
      board: { reconcileMs: 0 },
      transcripts: { perMinute: 600, intervalMs: 50 },
      seatFor: (req) =>
        (demoUsers as Record<string, SessionUser | undefined>)[String(req.headers['x-test-user'] ?? '')],
    });
    // Nothing is transcribed before the server starts.
    expect(await handle.db.selectFrom('call_transcripts').select('session_id').execute()).toEqual([]);
    await app.ready();
    try {
      const search = async () =>
        (
          (
            await app.inject({
              method: 'GET',
              url: `/api/transcripts/search?q=${encodeURIComponent('退款')}&speaker=customer`,
              headers: { 'x-test-user': 'sue' },
            })
          ).json() as { items: unknown[] }
        ).items.length;
      await expect.poll(search, { timeout: 10_000 }).toBeGreaterThan(0);
      // Nobody asked for a transcript: the background fetch did.
      expect(tccc.emulator.stats().actions.DescribeTelRecordAsr?.requests ?? 0).toBeGreaterThan(0);
    } finally {
      await app.close();
      await handle.close();
    }
  });
});
