// CDR backfill against TCCC's physical limit: a day of BENCH_BACKFILL_CALLS calls (100,000) pulled
// through DescribeTelCdr, 100 CDRs a page, from the emulator in its own process holding TCCC's 20
// requests/s per action (so at best 2,000 CDRs/s: 100,000 take 50 s), into SQLite through the server's
// own sync. While it runs, BENCH_BACKFILL_AGENTS agents (200) mint SDK URLs spread over one second,
// whose own limit is N/Q seconds; `RequestLimitExceeded` from the emulator is counted for both.
// Beside the figures it prints where the time went: each action's round trip (the pacer holds a slot
// from the send until one second after the answer, so a round trip of L caps an action at Q / (1 + L)),
// pages in flight, the database write per page and this process's event-loop delay.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
  /** Round trips (ms) of each action's attempts, as the upstream client reports them. */
  const roundTrips = new Map();
  const upstream = createUpstream({
    apiEndpoint: emulator.apiEndpoint,
    secretId: defaultEmulatorConfig.secretId,
    secretKey: defaultEmulatorConfig.secretKey,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    protocol: 'http://',
    qps: Q,
    onAttempt: (a) => {
      const list = roundTrips.get(a.action) ?? [];
      list.push(a.durationMs);
      roundTrips.set(a.action, list);
    },
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

    // Pages asked for and not yet answered, sampled at each answer; when each page arrived and was stored.
    const api = cdrApiFromUpstream(upstream, defaultEmulatorConfig.sdkAppId);
    let pending = 0;
    const inFlightSamples = [];
    const arrived = new Map();
    const writeMs = [];
    let lastStored = 0;
    const counted = {
      ...api,
      describeTelCdr: (p) => {
        pending++;
        return api.describeTelCdr(p).finally(() => {
          inFlightSamples.push(pending);
          pending--;
          arrived.set(p.PageNumber, performance.now());
        });
      },
    };
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const syncStarted = performance.now();
    const sync = syncCdrs({
      db: handle.db,
      api: counted,
      onPage: ({ page }) => {
        const t = performance.now();
        // The write started once both this page had arrived and the previous one was stored.
        writeMs.push(t - Math.max(arrived.get(page) ?? t, lastStored));
        lastStored = t;
      },
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
    const failureCodes = {};
    await Promise.all(
      seats.map(async (seat, i) => {
        await new Promise((r) => setTimeout(r, (i * 1000) / AGENTS));
        try {
          await upstream.request('CreateSDKLoginToken', {
            SdkAppId: defaultEmulatorConfig.sdkAppId,
            SeatUserId: seat.userId,
          });
        } catch (error) {
          mintFailures++;
          failureCodes[error?.code ?? 'unknown'] = (failureCodes[error?.code ?? 'unknown'] ?? 0) + 1;
        }
        lastMinted = Math.max(lastMinted, (performance.now() - mintStarted) / 1000);
      }),
    );
    const synced = await sync;
    loop.disable();
    const stats = await emulator.stats();
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
    const cdrTrips = roundTrips.get('DescribeTelCdr') ?? [];
    const mintTrips = roundTrips.get('CreateSDKLoginToken') ?? [];
    // What the window rule allows at the round trip seen: Q / (1.005 + L) pages a second.
    const ceiling = (Q / (1.005 + mean(cdrTrips) / 1000)) * PAGE;
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
        reference: `N/Q = ${mintLimit.toFixed(2)} s; ${mintFailures} failed ${JSON.stringify(failureCodes)}`,
        target: `≤ ${(mintLimit * 1.05).toFixed(2)} s, 0 failures`,
        ok: lastMinted <= mintLimit * 1.05 && mintFailures === 0,
      },
      {
        name: 'where the backfill time went: DescribeTelCdr round trip, mean / p95',
        value: `${mean(cdrTrips).toFixed(0)} / ${p95(cdrTrips).toFixed(0)}`,
        unit: 'ms',
        reference: `pacing ceiling at that round trip Q / (1 s + L) × ${PAGE} = ${Math.round(ceiling)} CDRs/s; pages in flight ${mean(inFlightSamples).toFixed(1)}; write per page ${mean(writeMs).toFixed(1)} ms (p95 ${p95(writeMs).toFixed(1)}); event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`,
      },
      {
        name: 'CreateSDKLoginToken round trip during the backfill, mean / p95',
        value: `${mean(mintTrips).toFixed(0)} / ${p95(mintTrips).toFixed(0)}`,
        unit: 'ms',
        // Q go at once, and each next Q a second (plus the pacer's margin) after the answers before.
        reference: `${mintTrips.length} attempts; at that round trip the last of ${AGENTS} goes at ≥ ${((Math.ceil(AGENTS / Q) - 1) * (1.005 + mean(mintTrips) / 1000)).toFixed(2)} s`,
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
