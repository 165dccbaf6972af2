// Replicas sharing state through Redis (127.0.0.1:6379, keys under a prefix of this run, deleted
// after), each replica modelled by its own Redis connection and upstream client.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { defaultEmulatorConfig, startEmulator } from '@tccc-dialer/emulator';
import { redisUrl, servicesAvailable } from '@tccc-dialer/test-support';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createUpstream } from '../upstream/client.js';
import { shareSdkLogins } from '../upstream/shared-sdk-login.js';
import { redisCoordination } from './coordination.js';
import { createRedisLeaderLock, startLeaderJob } from './leader-lock.js';
import { openRedis } from './redis-connection.js';
import { storeUnavailable } from './store-unavailable.js';

const available = await servicesAvailable('The Redis scale-out tests', 'redis', 'postgres');

/** A port nothing listens on (the OS picked it free a moment ago). */
async function freePortForTest(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const prefix = `tccc-dialer-test:${randomUUID()}`;
const replicas = [openRedis(redisUrl), openRedis(redisUrl)] as const;
if (available) await Promise.all(replicas.map((r) => r.connect()));
afterAll(async () => {
  if (!available) return;
  const keys = await replicas[0].keys(`${prefix}:*`);
  if (keys.length > 0) await replicas[0].del(...keys);
  await Promise.all(replicas.map((r) => r.quit()));
});

describe.runIf(available)('SDK-URL coalescing across replicas', () => {
  it('concurrent requests for one seat on two replicas make one upstream call and share its URL', async () => {
    const emulator = await startEmulator({ port: 0 });
    const seat = defaultEmulatorConfig.seats[0]?.userId ?? '';
    const upstreams = replicas.map((redis) =>
      shareSdkLogins(
        createUpstream({
          apiEndpoint: emulator.apiEndpoint,
          secretId: defaultEmulatorConfig.secretId,
          secretKey: defaultEmulatorConfig.secretKey,
          sdkAppId: defaultEmulatorConfig.sdkAppId,
          protocol: 'http://',
        }),
        { redis, key: `${prefix}:sdk-login`, waitMs: 5000 },
      ),
    );
    try {
      const logins = await Promise.all(
        Array.from({ length: 6 }, (_, i) => upstreams[i % 2]?.createSdkLogin(seat)),
      );
      expect(emulator.stats().requests.CreateSDKLoginToken).toBe(1);
      expect(new Set(logins.map((l) => l?.sdkUrl)).size).toBe(1);
      // Settled calls are not cached: the next request is a new, single-use URL.
      const later = await upstreams[1]?.createSdkLogin(seat);
      expect(later?.sdkUrl).not.toBe(logins[0]?.sdkUrl);
      expect(emulator.stats().requests.CreateSDKLoginToken).toBe(2);
    } finally {
      for (const u of upstreams) u.close?.();
      await emulator.close();
    }
  });
});

describe.runIf(available)('per-user limits and sign-in lockout across replicas', () => {
  it('counts requests on either replica into one budget per user', async () => {
    const limit = { max: 3, windowMs: 60_000 };
    const [a, b] = replicas.map((r) => redisCoordination(r, prefix).rateLimiter('sdk-url', limit));
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await (i % 2 === 0 ? a : b)?.take('agent1'));
    expect(decisions.map((d) => d?.ok)).toEqual([true, true, true, false]);
    const refused = decisions[3];
    expect(refused?.ok === false && refused.retryAfterMs > 55_000).toBe(true);
    expect((await b?.take('agent2'))?.ok).toBe(true);
  });

  it('locks a username on every replica after failures spread over them, until a success', async () => {
    const options = { freeAttempts: 3, baseLockMs: 10_000 };
    const [a, b] = replicas.map((r) => redisCoordination(r, prefix).lockout(options));
    await a?.failed('agent1');
    await b?.failed('agent1');
    expect(await a?.lockedForMs('agent1')).toBe(0);
    await a?.failed('agent1');
    expect(await b?.lockedForMs('agent1')).toBeGreaterThan(9_000);
    expect(await a?.lockedForMs('agent1')).toBeLessThanOrEqual(10_000);
    await b?.failed('agent1');
    expect(await a?.lockedForMs('agent1')).toBeGreaterThan(19_000);
    await a?.succeeded('agent1');
    expect(await b?.lockedForMs('agent1')).toBe(0);
  });
});

describe.runIf(available)('the CDR sync lock', () => {
  it('one replica runs the job; when it stops renewing, the other takes over within the expiry', async () => {
    const ttlMs = 600;
    const runs: string[] = [];
    const key = `${prefix}:cdr-sync:lock`;
    const start = (name: string, redis: (typeof replicas)[number]) =>
      startLeaderJob({
        lock: createRedisLeaderLock({ redis, key, ttlMs }),
        ttlMs,
        intervalMs: 100,
        firstDelayMs: 0,
        run: async () => {
          runs.push(name);
        },
      });
    const a = start('a', replicas[0]);
    await new Promise((r) => setTimeout(r, 50));
    const b = start('b', replicas[1]);
    await new Promise((r) => setTimeout(r, 500));
    expect(runs.length).toBeGreaterThan(1);
    expect(new Set(runs)).toEqual(new Set(['a']));
    // A dies without releasing: its lock lapses after ttlMs, then B renews and runs.
    const holder = await replicas[0].get(key);
    await a.stop();
    await replicas[0].set(key, holder ?? '', 'PX', ttlMs);
    runs.length = 0;
    await new Promise((r) => setTimeout(r, ttlMs + 400));
    await b.stop();
    expect(runs.length).toBeGreaterThan(0);
    expect(new Set(runs)).toEqual(new Set(['b']));
    expect(await replicas[0].get(key)).toBeNull();
  });
});

describe.runIf(available)('unreachable dependencies', () => {
  it('a Redis that does not answer gives COORDINATION_UNAVAILABLE at once, not a hang', async () => {
    const redis = openRedis(`redis://127.0.0.1:${await freePortForTest()}`);
    await redis.connect().catch(() => undefined);
    const started = Date.now();
    try {
      await expect(
        redisCoordination(redis, prefix).rateLimiter('x', { max: 1, windowMs: 1000 }).take('u'),
      ).rejects.toMatchObject({
        code: 'COORDINATION_UNAVAILABLE',
        status: 503,
      });
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      redis.disconnect();
    }
  });

  it('a PostgreSQL that does not answer is STORE_UNAVAILABLE; a query error is not', async () => {
    const pool = new pg.Pool({
      connectionString: `postgres://postgres@127.0.0.1:${await freePortForTest()}/x`,
    });
    const down = await pool.query('select 1').catch((e: unknown) => e);
    await pool.end();
    expect(storeUnavailable(down)?.code).toBe('STORE_UNAVAILABLE');
    expect(storeUnavailable(new Error('syntax error at or near "selec"'))).toBeUndefined();
  });
});
