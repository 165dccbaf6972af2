import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCdrCommand } from '../cli/cdr.js';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import { createUpstream } from '../upstream/client.js';
import { type CdrApi, cdrApiFromUpstream } from './cdr-api.js';
import { loadSyncPosition, syncCdrs } from './cdr-sync.js';
import { buildRecordsApp, seedUsers } from './test-support/records-app.js';

const targets = await databaseTargets();

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
});

/** The server's real upstream client (pacer, retries, error mapping) against the emulator. */
function upstreamApi(): { api: CdrApi; close(): void } {
  const upstream = createUpstream({
    apiEndpoint: emulator.apiEndpoint,
    protocol: 'http://',
    secretId: emulator.config.secretId,
    secretKey: emulator.config.secretKey,
    sdkAppId: emulator.config.sdkAppId,
    maxAttempts: 2,
    retryBaseDelayMs: 5,
    deadlineMs: 3000,
  });
  return { api: cdrApiFromUpstream(upstream, emulator.config.sdkAppId), close: () => upstream.close?.() };
}

describe.each(targets)('CDR sync against the emulator ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  let upstream: ReturnType<typeof upstreamApi>;
  beforeEach(async () => {
    emulator.reset();
    handle = await open();
    await seedUsers(handle.db);
    upstream = upstreamApi();
  });
  afterEach(async () => {
    upstream.close();
    await handle.close();
  });

  it('pages through several pages, fails midway on an upstream fault, and resumes without gaps or duplicates', async () => {
    const now = Date.now();
    const nowS = Math.floor(now / 1000);
    const seeded = emulator.seedCdrs({
      count: 230,
      startTimestamp: nowS - 3 * 3600,
      endTimestamp: nowS - 600,
    });
    const pagesAsked: number[] = [];
    let faultArmed = false;
    // Watches which pages are asked for, and arms the emulator's fault once page 2 is stored.
    const api: CdrApi = {
      describeTelCdr: async (p) => {
        pagesAsked.push(p.PageNumber);
        return upstream.api.describeTelCdr(p);
      },
      describeSessionDetail: (p) => upstream.api.describeSessionDetail(p),
    };
    const options = {
      db: handle.db,
      api,
      // One clock for both runs, so the resumed run ends where the first one meant to.
      now: () => now,
      since: now - 4 * 3600_000,
      pageSize: 40,
      // One page at a time, so the fault armed after page 2 is the answer to page 3.
      pagesInFlight: 1,
      onPage: ({ page }: { page: number }) => {
        if (page === 2 && !faultArmed) {
          faultArmed = true;
          emulator.faults.api({
            action: 'DescribeTelCdr',
            count: 5,
            error: { code: 'InternalError', message: 'injected' },
          });
        }
      },
    };
    await expect(syncCdrs(options)).rejects.toMatchObject({ name: 'ServerError' });
    const saved = await loadSyncPosition(handle.db);
    expect(saved?.page).toBe(3);
    const stored = await handle.db.selectFrom('calls').select('session_id').execute();
    expect(stored).toHaveLength(120);

    emulator.faults.clear();
    // A new run (as after a restart) starts from the saved position, not from `since`.
    const result = await syncCdrs({ db: handle.db, api, pageSize: 40, pagesInFlight: 1, now: () => now });
    expect(result.stored).toBe(110);
    // Pages 0–2 once; page 3 failed (both attempts behind one call) and was asked again; then 4, 5.
    expect(pagesAsked).toEqual([0, 1, 2, 3, 3, 4, 5]);

    const rows = await handle.db
      .selectFrom('calls')
      .select(['session_id', 'from_sync', 'seat_user_id'])
      .execute();
    expect(rows.map((r) => r.session_id).sort()).toEqual([...seeded].sort());
    expect(rows.every((r) => r.from_sync === 1 && r.seat_user_id === 'agent@example.com')).toBe(true);
  });

  it('asks for the next pages while storing one, and still stores them in order, each once', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const seeded = emulator.seedCdrs({
      count: 230,
      startTimestamp: nowS - 3 * 3600,
      endTimestamp: nowS - 600,
    });
    let inFlight = 0;
    let mostInFlight = 0;
    const api: CdrApi = {
      describeTelCdr: async (p) => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          return await upstream.api.describeTelCdr(p);
        } finally {
          inFlight--;
        }
      },
      describeSessionDetail: (p) => upstream.api.describeSessionDetail(p),
    };
    const storedPages: number[] = [];
    const result = await syncCdrs({
      db: handle.db,
      api,
      since: Date.now() - 4 * 3600_000,
      pageSize: 40,
      onPage: ({ page }) => storedPages.push(page),
    });
    expect(mostInFlight).toBeGreaterThan(1);
    expect(storedPages).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result.stored).toBe(230);
    const rows = await handle.db.selectFrom('calls').select('session_id').execute();
    expect(rows.map((r) => r.session_id).sort()).toEqual([...seeded].sort());
  });

  it('redirects playback to a fresh signed URL from DescribeSessionDetail, never a stored one', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const [answered, , busy] = emulator.seedCdrs({
      count: 3,
      startTimestamp: nowS - 3600,
      endTimestamp: nowS - 600,
    });
    await syncCdrs({ db: handle.db, api: upstream.api, since: Date.now() - 2 * 3600_000 });
    const app = await buildRecordsApp(handle.db, { cdrApi: upstream.api });
    try {
      const get = (id: string | undefined, user = 'alice') =>
        app.inject({ method: 'GET', url: `/api/calls/${id}/recording`, headers: { 'x-test-user': user } });
      const first = await get(answered);
      expect(first.statusCode).toBe(302);
      expect(first.headers.location).toMatch(/^http:\/\/ccc\.localhost:\d+\//);
      expect(first.headers['cache-control']).toBe('no-store');
      const stored = JSON.stringify(await handle.db.selectFrom('calls').selectAll().execute());
      expect(stored).not.toContain(String(first.headers.location));
      expect((await get(busy)).json().error.code).toBe('RECORDING_NOT_FOUND');
      expect((await get(answered, 'bob')).json().error.code).toBe('CALL_NOT_FOUND');
      expect((await get('no-such-call')).statusCode).toBe(404);
      // Known here (a note), unknown to TCCC: no recording rather than an upstream error.
      await app.inject({
        method: 'PUT',
        url: '/api/calls/local-only/note',
        headers: { 'x-test-user': 'alice' },
        payload: { note: 'n' },
      });
      expect((await get('local-only')).json().error.code).toBe('RECORDING_NOT_FOUND');
    } finally {
      await app.close();
    }
  });

  it('`cdr sync --since` pulls the history, says where it stopped on a fault, and continues', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const seeded = emulator.seedCdrs({
      count: 120,
      startTimestamp: nowS - 5 * 3600,
      endTimestamp: nowS - 600,
    });
    const lines: string[] = [];
    const deps = { db: handle.db, api: upstream.api, out: (l: string) => lines.push(l) };
    expect(await runCdrCommand(['sync', '--since', 'tomorrow'], deps)).toBe(2);
    expect(await runCdrCommand(['sync', '--page-size', '500'], deps)).toBe(2);
    emulator.faults.api({
      action: 'DescribeTelCdr',
      count: 2,
      error: { code: 'InternalError', message: 'x' },
    });
    expect(await runCdrCommand(['sync', '--since', '6h', '--page-size', '50'], deps)).toBe(1);
    expect(lines.at(-1)).toContain('run the same command again');
    expect(await runCdrCommand(['sync', '--page-size', '50'], deps)).toBe(0);
    expect(lines.at(-1)).toBe('Done: 120 records in 3 pages.');
    const rows = await handle.db.selectFrom('calls').select('session_id').execute();
    expect(rows.map((r) => r.session_id).sort()).toEqual([...seeded].sort());
  });

  it('`cdr sync` under number mapping flags outbound calls that carried no permit, as the background sync does', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    emulator.seedCdrs({ count: 12, startTimestamp: nowS - 3600, endTimestamp: nowS - 600 });
    const deps = { db: handle.db, api: upstream.api, out: () => {} };
    const flags = () =>
      handle.db.selectFrom('calls').select(['direction', 'unpermitted']).orderBy('session_id').execute();
    expect(await runCdrCommand(['sync', '--since', '2h'], deps)).toBe(0);
    const plain = await flags();
    expect(plain.some((r) => r.direction === 'outbound')).toBe(true);
    expect(plain.every((r) => Number(r.unpermitted) === 0)).toBe(true);
    // The seeded calls name no permit (no UUI): with mapping on, every outbound one is flagged.
    expect(await runCdrCommand(['sync', '--since', '2h'], { ...deps, auditPermits: true })).toBe(0);
    const audited = await flags();
    expect(audited.length).toBe(plain.length);
    for (const r of audited) expect(Number(r.unpermitted)).toBe(r.direction === 'outbound' ? 1 : 0);
  });

  it('splits a long backfill into windows shorter than 90 days, as DescribeTelCdr requires', async () => {
    const now = Date.now();
    const nowS = Math.floor(now / 1000);
    const day = 86_400;
    const seeded = emulator.seedCdrs({
      count: 40,
      startTimestamp: nowS - 170 * day,
      endTimestamp: nowS - 600,
    });
    const windows: [number, number][] = [];
    const api: CdrApi = {
      describeTelCdr: (p) => {
        if (p.PageNumber === 0) windows.push([p.StartTimeStamp, p.EndTimeStamp]);
        return upstream.api.describeTelCdr(p);
      },
      describeSessionDetail: (p) => upstream.api.describeSessionDetail(p),
    };
    const result = await syncCdrs({ db: handle.db, api, since: now - 175 * day * 1000, now: () => now });
    expect(result.stored).toBe(40);
    expect(windows.length).toBe(2);
    for (const [start, end] of windows) expect(end - start).toBeLessThan(90 * day);
    expect(windows[1]?.[0]).toBe(windows[0]?.[1]);
    const rows = await handle.db.selectFrom('calls').select('session_id').execute();
    expect(rows.map((r) => r.session_id).sort()).toEqual([...seeded].sort());
  });
});
