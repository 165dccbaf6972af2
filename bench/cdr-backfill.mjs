// CDR backfill against TCCC's physical limit: a day of BENCH_BACKFILL_CALLS calls (100,000) pulled
// through DescribeTelCdr, 100 CDRs a page, from the emulator in its own process holding TCCC's 20
// requests/s per action (so at best 2,000 CDRs/s: 100,000 take 50 s), into SQLite through the server's
// own sync. While it runs, BENCH_BACKFILL_AGENTS agents (200) mint SDK URLs spread over one second,
// whose own limit is N/Q seconds; `RequestLimitExceeded` from the emulator is counted for both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEmulatorConfig } from '@tccc-dialer/emulator';
import { cdrApiFromUpstream, createUpstream, openDatabase, syncCdrs } from '@tccc-dialer/server';
import { seatsFor, startEmulatorProcess } from './shift-start-support.mjs';

const CALLS = Number(process.env.BENCH_BACKFILL_CALLS ?? 100_000);
const AGENTS = Number(process.env.BENCH_BACKFILL_AGENTS ?? 200);
const Q = 20;
const PAGE = 100;

export async function run() {
  const seats = seatsFor(AGENTS);
  const emulator = await startEmulatorProcess(Q, seats);
  const control = `http://127.0.0.1:${emulator.apiEndpoint.split(':')[1]}/_emulator`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-backfill-'));
  const handle = await openDatabase(join(dir, 'backfill.sqlite'));
  const upstream = createUpstream({
    apiEndpoint: emulator.apiEndpoint,
    secretId: defaultEmulatorConfig.secretId,
    secretKey: defaultEmulatorConfig.secretKey,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    protocol: 'http://',
    qps: Q,
  });
  try {
    const end = Math.floor(Date.now() / 1000) - 3600;
    const start = end - 86_400;
    for (let seeded = 0; seeded < CALLS; seeded += 20_000) {
      const count = Math.min(20_000, CALLS - seeded);
      const from = start + Math.floor(((end - start) * seeded) / CALLS);
      const to = start + Math.floor(((end - start) * (seeded + count)) / CALLS);
      const res = await fetch(`${control}/cdrs/seed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count, startTimestamp: from, endTimestamp: to }),
      });
      if (!res.ok) throw new Error(`seeding CDRs: ${res.status} ${await res.text()}`);
    }

    const syncStarted = performance.now();
    const sync = syncCdrs({
      db: handle.db,
      api: cdrApiFromUpstream(upstream, defaultEmulatorConfig.sdkAppId),
      since: start * 1000 - 1000,
      restart: true,
      pageSize: PAGE,
      settleMs: 0,
    }).then((r) => ({ ...r, seconds: (performance.now() - syncStarted) / 1000 }));

    // A few seconds in, the shift starts: every agent asks for its SDK URL within one second.
    await new Promise((r) => setTimeout(r, 5000));
    const mintStarted = performance.now();
    let lastMinted = 0;
    let mintFailures = 0;
    await Promise.all(
      seats.map(async (seat, i) => {
        await new Promise((r) => setTimeout(r, (i * 1000) / AGENTS));
        try {
          await upstream.request('CreateSDKLoginToken', {
            SdkAppId: defaultEmulatorConfig.sdkAppId,
            SeatUserId: seat.userId,
          });
        } catch {
          mintFailures++;
        }
        lastMinted = Math.max(lastMinted, (performance.now() - mintStarted) / 1000);
      }),
    );
    const synced = await sync;
    const stats = await emulator.stats();
    const rate = synced.stored / synced.seconds;
    const limit = Q * PAGE;
    const mintLimit = AGENTS / Q;
    const refused = (action) => stats.actions?.[action]?.rateLimited ?? 0;
    return [
      {
        name: `CDR backfill, ${CALLS.toLocaleString('en')} calls via DescribeTelCdr (SQLite)`,
        value: Math.round(rate),
        unit: 'CDRs/s',
        reference: `limit ${Q} req/s × ${PAGE} = ${limit}/s (${(CALLS / limit).toFixed(0)} s); took ${synced.seconds.toFixed(1)} s, ${synced.pages} pages, ${synced.stored} stored`,
        target: `≥ ${0.9 * limit}/s`,
        ok: rate >= 0.9 * limit && synced.stored >= CALLS,
      },
      {
        name: `SDK URLs for ${AGENTS} agents during the backfill, last served`,
        value: lastMinted,
        unit: 's',
        reference: `N/Q = ${mintLimit.toFixed(2)} s; ${mintFailures} failed`,
        target: `≤ ${(mintLimit * 1.05).toFixed(2)} s, 0 failures`,
        ok: lastMinted <= mintLimit * 1.05 && mintFailures === 0,
      },
      {
        name: 'RequestLimitExceeded during the backfill',
        value: refused('DescribeTelCdr') + refused('CreateSDKLoginToken'),
        unit: '',
        reference: `DescribeTelCdr ${refused('DescribeTelCdr')}, CreateSDKLoginToken ${refused('CreateSDKLoginToken')}`,
        target: '0',
        ok: refused('DescribeTelCdr') + refused('CreateSDKLoginToken') === 0,
      },
    ];
  } finally {
    upstream.close?.();
    await handle.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
