// Two `tccc-dialer serve` processes behind no proxy, on one PostgreSQL database, one Redis prefix and
// the emulator with its quota at Q/s: the quota, pushes and the CDR sync behave as for one server.

import type { ServerProcess } from '@tccc-dialer/test-support';
import { redisUrl, servicesAvailable } from '@tccc-dialer/test-support';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cdr,
  createScaleWorld,
  eventually,
  password,
  push,
  type ScaleWorld,
  sdkUrl,
  signIn,
  startReplicas,
} from './support.js';

const available = await servicesAvailable('The two-replica test', 'postgres', 'redis');

const agents = 24;
const qps = 8;
const leaseSeconds = 2;

let world: ScaleWorld;
let replicas: ServerProcess[] = [];
const redis = new Redis(redisUrl, { lazyConnect: true });

beforeAll(async () => {
  if (!available) return;
  world = await createScaleWorld({ agents, qps });
  replicas = await startReplicas(2, {
    ...world.env(),
    // The lockout test speaks as clients behind this proxy (X-Forwarded-For); nothing else sends it.
    TRUST_PROXY: '127.0.0.1',
    CDR_SYNC_INTERVAL_SECONDS: '1',
    CDR_SYNC_LEASE_SECONDS: String(leaseSeconds),
  });
}, 30_000);

afterAll(async () => {
  if (!available) return;
  await Promise.all(replicas.map((r) => r.stop()));
  await world?.close();
  await redis.quit();
});

const originOf = (i: number) => replicas[i % 2]?.origin ?? '';

describe.runIf(available)('two replicas, one PostgreSQL, one Redis, one TCCC quota', () => {
  it('a burst of SDK-URL requests spread over both replicas stays within Q/s upstream and all succeed', async () => {
    const cookies = [];
    for (let i = 0; i < agents; i++) cookies.push(await signIn(originOf(i), `agent${i}`));
    // Every request goes to the replica that did NOT sign the agent in: one session key for both.
    const before = world.emulator.stats().actions.CreateSDKLoginToken?.requests ?? 0;
    const results = await Promise.all(cookies.map((cookie, i) => sdkUrl(originOf(i + 1), cookie)));
    expect(results.map((r) => r.status)).toEqual(cookies.map(() => 200));
    expect(results.map((r) => new URL(r.body.sdkUrl).searchParams.get('userid'))).toEqual(world.seats);
    const stats = world.emulator.stats().actions.CreateSDKLoginToken;
    expect((stats?.requests ?? 0) - before).toBe(agents);
    expect(stats?.rateLimited).toBe(0);
    expect(stats?.maxPerSecond).toBeLessThanOrEqual(qps);
  }, 30_000);

  it('one agent asking on both replicas at once makes one upstream call and gets one URL', async () => {
    // Q other agents ask first, so the quota queue is about a second long: the four requests of agent
    // 0 all arrive while its one upstream call still waits for a slot, however slow this machine is.
    const others = Array.from({ length: qps }, (_, k) => k + 1);
    const otherCookies = await Promise.all(others.map((i) => signIn(originOf(i), `agent${i}`)));
    const cookie = await signIn(originOf(0), 'agent0');
    const before = world.emulator.stats().actions.CreateSDKLoginToken?.requests ?? 0;
    const queued = Promise.all(otherCookies.map((c, k) => sdkUrl(originOf(k), c)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const results = await Promise.all([0, 1, 2, 3].map((i) => sdkUrl(originOf(i), cookie)));
    expect((await queued).map((r) => r.status)).toEqual(others.map(() => 200));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(results.map((r) => r.body.sdkUrl)).size).toBe(1);
    expect((world.emulator.stats().actions.CreateSDKLoginToken?.requests ?? 0) - before).toBe(qps + 1);
  }, 20_000);

  it('failed sign-ins spread over both replicas lock the username on both, but not for its known address', async () => {
    const attempt = async (i: number, pw: string, from?: string) => {
      const origin = originOf(i);
      const res = await fetch(`${origin}/api/session`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin,
          ...(from === undefined ? {} : { 'x-forwarded-for': from }),
        },
        body: JSON.stringify({ username: 'agent20', password: pw }),
      });
      return `${res.status} ${res.status === 200 ? '' : ((await res.json()) as { error: { code: string } }).error.code}`;
    };
    const wrong = [];
    for (let i = 0; i < 5; i++) wrong.push(await attempt(i, 'not-the-password', '203.0.113.20'));
    expect(wrong).toEqual(Array(5).fill('401 INVALID_CREDENTIALS'));
    // Five failures (the default free attempts) across the two: both now refuse even the right password
    // from an address agent20 never signed in from...
    expect([await attempt(0, password, '203.0.113.21'), await attempt(1, password, '203.0.113.21')]).toEqual([
      '429 SIGN_IN_LOCKED',
      '429 SIGN_IN_LOCKED',
    ]);
    // ...while the address agent20 signed in from in the first test (this machine) still signs in, on both.
    expect([await attempt(0, password), await attempt(1, password)]).toEqual(['200 ', '200 ']);
  });

  it('the same CDR pushed to both replicas at once is stored once', async () => {
    const sessionId = 'scale-push-same-cdr';
    const body = cdr(sessionId, world.seats[0] ?? '', Math.floor(Date.now() / 1000) - 600);
    // TCCC's retry of one push (same UUID) and a second push of the same call, all at once.
    const answers = await Promise.all([
      push(originOf(0), 'scale-uuid-1', body),
      push(originOf(1), 'scale-uuid-1', body),
      push(originOf(0), 'scale-uuid-2', body),
      push(originOf(1), 'scale-uuid-2', body),
    ]);
    expect(answers).toEqual([0, 0, 0, 0]);
    const client = new pg.Client({ connectionString: world.databaseUrl });
    await client.connect();
    try {
      const calls = await client.query('select count(*)::int as n from calls where session_id = $1', [
        sessionId,
      ]);
      const receipts = await client.query(
        'select push_uuid from push_receipts where session_id = $1 order by push_uuid',
        [sessionId],
      );
      expect(calls.rows[0].n).toBe(1);
      expect(receipts.rows.map((r) => r.push_uuid)).toEqual(['scale-uuid-1', 'scale-uuid-2']);
    } finally {
      await client.end();
    }
  });

  it('killing the replica that holds the CDR sync lock hands the sync to the other within its expiry', async () => {
    const key = `${world.prefix}:cdr-sync:lock`;
    const pidOf = (holder: string | null) => Number(holder?.split('/')[1]);
    const holderPid = await eventually(
      async () => pidOf(await redis.get(key)) || undefined,
      5000,
      'a replica to take the sync lock',
    );
    const holder = replicas.find((r) => r.child.pid === holderPid);
    const other = replicas.find((r) => r !== holder);
    expect(holder).toBeDefined();
    // Only the holder syncs: DescribeTelCdr keeps coming while both run.
    const synced = () => world.emulator.stats().actions.DescribeTelCdr?.requests ?? 0;
    const seen = synced();
    await eventually(async () => (synced() > seen ? true : undefined), 5000, 'a sync run');

    const exited = new Promise((resolve) => holder?.child.once('exit', resolve));
    holder?.child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    await eventually(
      async () => (pidOf(await redis.get(key)) === other?.child.pid ? true : undefined),
      leaseSeconds * 1000 + 3000,
      'the other replica to take the lock',
    );
    const tookOverMs = Date.now() - killedAt;
    // Within the lease plus one renewal period (a third of it) and scheduling slack.
    expect(tookOverMs).toBeLessThan(leaseSeconds * 1000 + 1000);
    const atTakeover = synced();
    await eventually(async () => (synced() > atTakeover ? true : undefined), 5000, 'the survivor to sync');
    expect((await fetch(`${other?.origin}/readyz`)).status).toBe(200);
  }, 30_000);
});
