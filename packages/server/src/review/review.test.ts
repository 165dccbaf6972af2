import { defaultEmulatorConfig, type Emulator, startEmulator } from '@tccc-dialer/emulator';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { campaignSettings } from '../api/campaigns.js';
import { createCampaignStore } from '../campaigns/campaign-store.js';
import type { DatabaseHandle } from '../db/database.js';
import type { SessionUser } from '../http/core-plugin.js';
import { tcccDialer } from '../plugin.js';
import { cdrApiFromUpstream } from '../records/cdr-api.js';
import { syncCdrs } from '../records/cdr-sync.js';
import { demoUsers, seedUsers } from '../records/test-support/records-app.js';
import { databaseTargets } from '../test-support/databases.js';
import { createUpstream } from '../upstream/client.js';
import type { Upstream } from '../upstream/upstream.js';

const targets = await databaseTargets();
let emulator: Emulator;
let upstream: Upstream;
let asrRequests = () => 0;
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
  asrRequests = () => emulator.stats().actions.DescribeTelRecordAsr?.requests ?? 0;
});
afterAll(async () => {
  upstream.close?.();
  await emulator.close();
});

interface Line {
  speaker: string;
  startMs: number;
  endMs: number;
  text: string;
}

describe.each(targets)('reviewing a call ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let answered: string[] = [];
  beforeEach(async () => {
    emulator.reset();
    handle = await open();
    await seedUsers(handle.db);
    const end = Math.floor(Date.now() / 1000) - 600;
    // Session IDs are random and a quarter of the answered calls are about a refund: 60 calls (about 20
    // answered) hold some refunds and some other topics, all but certainly.
    emulator.seedCdrs({
      count: 60,
      seatUserId: demoUsers.alice.seatUserId,
      startTimestamp: end - 3600,
      endTimestamp: end,
    });
    await syncCdrs({
      db: handle.db,
      api: cdrApiFromUpstream(upstream, defaultEmulatorConfig.sdkAppId),
      since: (end - 7200) * 1000,
    });
    const rows = await handle.db
      .selectFrom('calls')
      .select('session_id')
      .where('accepted_at', 'is not', null)
      .orderBy('started_at')
      .execute();
    answered = rows.map((r) => r.session_id);
    app = Fastify();
    await app.register(tcccDialer, {
      db: handle.db,
      upstream,
      sdkAppId: defaultEmulatorConfig.sdkAppId,
      openapi: false,
      board: { reconcileMs: 0 },
      seatFor: (req) =>
        (demoUsers as Record<string, SessionUser | undefined>)[String(req.headers['x-test-user'] ?? '')],
    });
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
    await handle.close();
  });
  const get = (user: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { 'x-test-user': user } });

  it('fetches a transcript from TCCC once, with both speakers placed in the recording, then serves it stored', async () => {
    expect(answered.length).toBeGreaterThan(0);
    const sessionId = answered[0] ?? '';
    const before = asrRequests();
    const first = await get('alice', `/api/calls/${sessionId}/transcript`);
    expect(first.statusCode).toBe(200);
    const lines = (first.json() as { lines: Line[] }).lines;
    expect(new Set(lines.map((l) => l.speaker))).toEqual(new Set(['agent', 'customer']));
    // Lines start 400 ms after the accept and follow in order, inside the recording.
    expect(lines[0]?.startMs).toBeGreaterThanOrEqual(400);
    for (const [i, l] of lines.entries()) {
      expect(l.endMs).toBeGreaterThan(l.startMs);
      if (i > 0) expect(l.startMs).toBeGreaterThanOrEqual(lines[i - 1]?.endMs ?? 0);
    }
    const again = await get('sue', `/api/calls/${sessionId}/transcript`);
    expect(again.json()).toEqual(first.json());
    expect(asrRequests() - before).toBe(1);
  });

  it("keeps other seats' calls from an agent and finds calls by what the customer said", async () => {
    const sessionId = answered[0] ?? '';
    expect((await get('bob', `/api/calls/${sessionId}/transcript`)).json()).toMatchObject({
      error: { code: 'CALL_NOT_FOUND' },
    });
    for (const id of answered) await get('sue', `/api/calls/${id}/transcript`);
    const refunds = (
      await get('sue', `/api/transcripts/search?q=${encodeURIComponent('退款')}&speaker=customer`)
    ).json() as {
      items: { sessionId: string; line: Line }[];
    };
    const stored = await handle.db
      .selectFrom('transcript_lines')
      .select(['session_id', 'speaker', 'text'])
      .execute();
    const expected = new Set(
      stored.filter((l) => l.speaker === 'customer' && l.text.includes('退款')).map((l) => l.session_id),
    );
    expect(expected.size).toBeGreaterThan(0);
    expect(expected.size).toBeLessThan(answered.length);
    expect(new Set(refunds.items.map((h) => h.sessionId))).toEqual(expected);
    expect(refunds.items.every((h) => h.line.speaker === 'customer' && h.line.text.includes('退款'))).toBe(
      true,
    );
    // The agent finds their own calls; another agent finds none of them; a % is a character, not a wildcard.
    expect(
      (
        (await get('alice', `/api/transcripts/search?q=${encodeURIComponent('退款')}`)).json() as {
          items: unknown[];
        }
      ).items.length,
    ).toBeGreaterThan(0);
    expect((await get('bob', `/api/transcripts/search?q=${encodeURIComponent('退款')}`)).json()).toEqual({
      items: [],
    });
    expect((await get('sue', '/api/transcripts/search?q=%25')).json()).toEqual({ items: [] });
  });

  it("gives TCCC's AI summary, mood and intention of a call", async () => {
    const sessionId = answered[0] ?? '';
    const res = await get('alice', `/api/calls/${sessionId}/analysis`);
    expect(res.statusCode).toBe(200);
    const analysis = res.json() as { summary: string | null; mood: string | null; intention: string | null };
    expect(analysis.summary).toEqual(expect.any(String));
    expect(['正面', '中性', '负面']).toContain(analysis.mood);
    expect(['退款', '投诉', '续费', '咨询', '无明确意向']).toContain(analysis.intention);
  });

  it('shows the disposition the agent saved for the call, with its list, and none for a call outside lists', async () => {
    const [inList = '', outside = ''] = answered;
    const store = createCampaignStore(handle.db, Date.now);
    const list = await store.create(campaignSettings.parse({ name: '续费回访' }), 'sue');
    await store.addEntries(list.id, [{ row: 2, phone: '13800138000', name: '', fields: {} }]);
    const entry = await handle.db.selectFrom('campaign_entries').select('id').executeTakeFirstOrThrow();
    await handle.db
      .insertInto('campaign_attempts')
      .values({
        id: 'attempt-1',
        campaign_id: list.id,
        entry_id: entry.id,
        agent_username: 'alice',
        session_id: inList,
        phone: '13800138000',
        outcome: 'answered',
        disposition: 'interested',
        note: '客户想续费',
        wrap_up_ms: 4000,
        created_at: Date.now(),
      })
      .execute();
    const shown = await get('alice', `/api/calls/${inList}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({
      sessionId: inList,
      disposition: {
        campaignId: list.id,
        campaignName: '续费回访',
        key: 'interested',
        label: { 'zh-CN': '有意向', 'en-US': 'Interested' },
      },
    });
    expect((await get('alice', `/api/calls/${outside}`)).json()).toMatchObject({ disposition: null });
  });
});
