// Recording playback cannot exhaust the contact center's quota for everyone: each TCCC action is paced
// on its own 20/s budget, each user's recording requests are limited, and a signed link is reused until
// shortly before it expires.
import { defaultEmulatorConfig, type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { type Harness, startHarness } from '../test-support/harness.js';
import { cdrApiFromUpstream } from './cdr-api.js';
import { syncCdrs } from './cdr-sync.js';
import { createRecordingUrlCache, signedUrlExpiry } from './recording-url-cache.js';

let emulator: Emulator;
let handle: DatabaseHandle;
let calls: string[];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimitPerSecond: 1000 });
  handle = await openDatabase(':memory:');
  const nowS = Math.floor(Date.now() / 1000);
  calls = emulator.seedCdrs({ count: 60, startTimestamp: nowS - 3600, endTimestamp: nowS - 600 });
  const seeding = await startHarness({ emulator, app: { db: handle.db } });
  await syncCdrs({
    db: handle.db,
    api: cdrApiFromUpstream(seeding.upstream, defaultEmulatorConfig.sdkAppId),
    since: Date.now() - 2 * 3600_000,
  });
  await seeding.close();
});
afterAll(async () => {
  await handle.close();
  await emulator.close();
});

/** The app at TCCC's real budget: 20 requests a second per action. */
const realQuota = (recordingsPerMinute?: number) =>
  startHarness({
    emulator,
    upstream: { qps: 20 },
    app: {
      db: handle.db,
      config: {
        mode: 'emulator',
        pushBasicAuth: undefined,
        tccc: { sdkAppId: defaultEmulatorConfig.sdkAppId },
      },
      limits: { sdkUrlPerMinute: 100, ...(recordingsPerMinute ? { recordingsPerMinute } : {}) },
    },
  });

const recording = (h: Harness, cookies: Record<string, string>, id: string) =>
  h.app.inject({ method: 'GET', url: `/api/calls/${id}/recording`, cookies });

describe('recording requests and the TCCC quota', () => {
  it('500 recording requests from one agent leave SDK-URL minting served at once, never RATE_LIMITED', async () => {
    // A per-user limit high enough that every distinct call reaches TCCC: the pacing is what is tested.
    const h = await realQuota(10_000);
    try {
      const agent = await h.signIn('agent');
      const others = [await h.signIn('agent2'), await h.signIn('supervisor')];
      const flood = Array.from({ length: 500 }, (_, i) => recording(h, agent, calls[i % calls.length] ?? ''));
      // SDK URLs asked for while 60 DescribeSessionDetail calls (3 s at 20/s) wait for their slots. How
      // many of those TCCC had answered when each URL came back shows whether minting queued behind them.
      const servedBefore: number[] = [];
      const mints = [agent, ...others, agent, ...others].map((c) =>
        h.sdkUrl(c).then((r) => {
          servedBefore.push(emulator.stats().requests.DescribeSessionDetail ?? 0);
          return r;
        }),
      );
      const minted = await Promise.all(mints);
      const answered = await Promise.all(flood);
      expect(minted.map((r) => r.statusCode)).toEqual(minted.map(() => 200));
      expect(Math.max(...servedBefore)).toBeLessThan(20);
      const statuses = new Set(answered.map((r) => r.statusCode));
      expect([...statuses].every((s) => s === 302 || s === 404)).toBe(true);
      // Each distinct call was asked of TCCC once: replays used the cached signed link.
      expect(emulator.stats().requests.DescribeSessionDetail).toBe(calls.length);
    } finally {
      await h.close();
    }
  });

  it("limits each user's recording requests that reach TCCC (RATE_LIMITED), not their SDK URL or others' playback", async () => {
    const before = emulator.stats().requests.DescribeSessionDetail ?? 0;
    const h = await realQuota(5);
    try {
      const agent = await h.signIn('agent');
      const answers = [];
      for (const id of calls.slice(0, 8)) answers.push(await recording(h, agent, id));
      expect(answers.slice(0, 5).every((r) => r.statusCode === 302 || r.statusCode === 404)).toBe(true);
      for (const r of answers.slice(5)) {
        expect([r.statusCode, r.json().error.code]).toEqual([429, 'RATE_LIMITED']);
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
      // A link already fetched still plays; the SDK URL and the supervisor are untouched.
      const replay = answers.findIndex((r) => r.statusCode === 302);
      expect((await recording(h, agent, calls[replay] ?? '')).statusCode).toBe(302);
      expect((await h.sdkUrl(agent)).statusCode).toBe(200);
      expect((await recording(h, await h.signIn('supervisor'), calls[7] ?? '')).statusCode).not.toBe(429);
      expect((emulator.stats().requests.DescribeSessionDetail ?? 0) - before).toBe(6);
    } finally {
      await h.close();
    }
  });

  it('keeps a signed link until an hour before it expires', () => {
    let now = Date.UTC(2026, 0, 1);
    const cache = createRecordingUrlCache(() => now);
    const expires = Math.floor(now / 1000) + 2 * 3600;
    const url = `https://rec.example.com/a.wav?expires=${expires}&sign=x`;
    expect(signedUrlExpiry(url)).toBe(expires * 1000);
    cache.set('s1', url);
    now += 3600_000 - 1000;
    expect(cache.get('s1')).toBe(url);
    now += 2000;
    expect(cache.get('s1')).toBeUndefined();
    // A COS-style signature names its end in q-sign-time; a link that says nothing lives 24 h.
    expect(
      signedUrlExpiry(
        'https://x.cos.example.com/r.mp3?sign=q-sign-algorithm%3Dsha1%26q-sign-time%3D1%3B1767229200',
      ),
    ).toBe(1767229200_000);
    cache.set('s2', 'https://rec.example.com/b.wav');
    now += 22 * 3600_000;
    expect(cache.get('s2')).toBe('https://rec.example.com/b.wav');
    now += 2 * 3600_000;
    expect(cache.get('s2')).toBeUndefined();
  });
});
