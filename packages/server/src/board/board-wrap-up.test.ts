import { defaultEmulatorConfig, type Emulator, startEmulator } from '@tccc-dialer/emulator';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { campaignSettings } from '../api/campaigns.js';
import { createCampaignStore } from '../campaigns/campaign-store.js';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import type { SessionUser } from '../http/core-plugin.js';
import { tcccDialer } from '../plugin.js';
import { demoUsers, pushAuth, seedUsers } from '../records/test-support/records-app.js';
import { createUpstream } from '../upstream/client.js';
import type { Upstream } from '../upstream/upstream.js';
import { floorFigures, projectedFinish } from './floor-figures.js';
import { openSse, type SseReader } from './test-support/sse-reader.js';

interface Row {
  username: string;
  status: string;
  restReason: string | null;
  wrapUpSeconds: number | null;
}

let emulator: Emulator;
let upstream: Upstream;
let handle: DatabaseHandle;
let app: FastifyInstance;
let origin: string;
const open: SseReader[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  upstream = createUpstream({
    apiEndpoint: emulator.apiEndpoint,
    secretId: defaultEmulatorConfig.secretId,
    secretKey: defaultEmulatorConfig.secretKey,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    protocol: 'http://',
    qps: 1000,
    retryBaseDelayMs: 20,
  });
  handle = await openDatabase(':memory:');
  await seedUsers(handle.db);
  app = Fastify();
  await app.register(tcccDialer, {
    db: handle.db,
    upstream,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    pushBasicAuth: pushAuth,
    openapi: false,
    wrapUpSeconds: 45,
    board: { reconcileMs: 0 },
    seatFor: (req) =>
      (demoUsers as Record<string, SessionUser | undefined>)[String(req.headers['x-test-user'] ?? '')],
  });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(async () => {
  await app.close();
  await handle.close();
  upstream.close?.();
  await emulator.close();
});

const report = async (user: string, body: Record<string, unknown>) => {
  const res = await fetch(`${origin}/api/agent-status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-user': user },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
};

async function board() {
  const b = await openSse(`${origin}/api/board/events`, { 'x-test-user': 'sue' });
  open.push(b);
  await b.next('snapshot');
  return b;
}

describe('after-call work on the board', () => {
  it("carries the deployment's wrap-up time outside a list, and drops it when the work ends", async () => {
    const b = await board();
    await report('alice', { status: 'arrange' });
    expect(await b.next('agent')).toMatchObject({
      username: 'alice',
      status: 'afterCallWork',
      wrapUpSeconds: 45,
    });
    await report('alice', { status: 'rest', reason: 'lunch' });
    expect(await b.next('agent')).toMatchObject({ status: 'rest', restReason: 'lunch', wrapUpSeconds: null });
  });

  it("carries the list's own wrap-up time while the agent holds one of its entries", async () => {
    const store = createCampaignStore(handle.db, Date.now);
    const list = await store.create(campaignSettings.parse({ name: 'Renewals', wrapUpSeconds: 20 }), 'sue');
    await store.addEntries(list.id, [{ row: 2, phone: '13800138001', name: 'Wang', fields: {} }]);
    await handle.db
      .updateTable('campaign_entries')
      .set({ status: 'claimed', claimed_by: 'bob', claimed_at: Date.now() })
      .where('campaign_id', '=', list.id)
      .execute();
    const b = await board();
    await report('bob', { status: 'arrange' });
    expect((await b.next('agent')) as Row).toMatchObject({ username: 'bob', wrapUpSeconds: 20 });
  });
});

describe("a list's projected finish", () => {
  const hour = Date.parse('2026-01-05T10:00:00Z');

  it("divides what is left by this hour's dial rate", () => {
    // 30 dials in the first 30 minutes: 60 an hour, so 90 entries take another 90 minutes.
    expect(projectedFinish(90, 30, 30 * 60_000, hour + 30 * 60_000)).toBe('2026-01-05T12:00:00.000Z');
    // The first seconds of an hour count as a minute: 2 dials do not make 7 200 an hour.
    expect(projectedFinish(10, 2, 1000, hour + 1000)).toBe('2026-01-05T10:05:01.000Z');
  });

  it('has none when nothing is left or nothing was dialled this hour', () => {
    expect(projectedFinish(0, 12, 600_000, hour + 600_000)).toBeNull();
    expect(projectedFinish(50, 0, 600_000, hour + 600_000)).toBeNull();
  });

  it('shows on the floor from the entries and this hour’s attempts in the database', async () => {
    const db = (await openDatabase(':memory:')).db;
    const store = createCampaignStore(db, () => hour);
    const list = await store.create(campaignSettings.parse({ name: 'Leads' }), 'sue');
    await store.addEntries(
      list.id,
      Array.from({ length: 4 }, (_, i) => ({ row: i + 2, phone: `1380013800${i}`, name: '', fields: {} })),
    );
    const entries = await db.selectFrom('campaign_entries').select('id').execute();
    // Two dials in the first 20 minutes of the hour (one an hour ago does not count).
    for (const [i, at] of [hour - 1000, hour + 60_000, hour + 120_000].entries())
      await db
        .insertInto('campaign_attempts')
        .values({
          id: `a${i}`,
          campaign_id: list.id,
          entry_id: entries[0]?.id ?? '',
          agent_username: 'alice',
          session_id: null,
          phone: '13800138000',
          outcome: 'noAnswer',
          disposition: null,
          note: null,
          wrap_up_ms: 0,
          created_at: at,
        })
        .execute();
    const now = hour + 20 * 60_000;
    const floor = await floorFigures(db, now, null);
    // 4 left at 6 an hour: 40 minutes more.
    expect(floor.lists).toMatchObject([
      { name: 'Leads', remaining: 4, dialledThisHour: 2, projectedFinish: '2026-01-05T11:00:00.000Z' },
    ]);
  });
});
