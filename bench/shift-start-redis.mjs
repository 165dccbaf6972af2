// Shift start across two replicas: the same burst as shift-start.mjs, the agents split between two
// server instances that share one quota through a Redis pacer (127.0.0.1:6379, or BENCH_REDIS_URL).
// Target as for one replica: last agent served ≤ 1.05 × N/Q, no failures, no RequestLimitExceeded.
import { randomUUID } from 'node:crypto';
import { defaultEmulatorConfig, startEmulator } from '@tccc-dialer/emulator';
import {
  buildApp,
  createMemoryAccountStore,
  createRedisPacer,
  createUpstream,
  hashPassword,
} from '@tccc-dialer/server';
import { Redis } from 'ioredis';

const password = 'shift-start-password';

async function inPool(items, size, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

export async function run() {
  const n = Number(process.env.SHIFT_N ?? 400);
  const q = Number(process.env.SHIFT_Q ?? 100);
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const key = `tccc-dialer-bench:${randomUUID()}`;
  const seats = Array.from({ length: n }, (_, i) => ({
    userId: `agent${i}@bench.example.com`,
    name: `Agent ${i}`,
    role: 'agent',
  }));
  const emulator = await startEmulator({ port: 0, rateLimitPerSecond: q, config: { seats } });
  const passwordHash = hashPassword(password);
  const replicas = [];
  for (let r = 0; r < 2; r++) {
    const store = createMemoryAccountStore();
    for (const [i, s] of seats.entries())
      await store.add({
        username: `agent${i}`,
        displayName: s.name,
        role: 'agent',
        seatUserId: s.userId,
        passwordHash,
        disabled: false,
      });
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    const upstream = createUpstream({
      apiEndpoint: emulator.apiEndpoint,
      secretId: defaultEmulatorConfig.secretId,
      secretKey: defaultEmulatorConfig.secretKey,
      sdkAppId: defaultEmulatorConfig.sdkAppId,
      protocol: 'http://',
      pacer: createRedisPacer({ redis, key, ratePerSecond: q }),
    });
    const app = buildApp({ upstream, store, sessionSecret: 'shift-start-bench-secret-0123456789abcdef' });
    const origin = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');
    replicas.push({ redis, upstream, app, origin });
  }
  const originOf = (i) => replicas[i % 2].origin;

  try {
    const cookies = new Array(n);
    await inPool([...seats.keys()], 16, async (i) => {
      const origin = originOf(i);
      const res = await fetch(`${origin}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username: `agent${i}`, password }),
      });
      if (res.status !== 200) throw new Error(`sign-in agent${i}: ${res.status}`);
      cookies[i] = (res.headers.get('set-cookie') ?? '').split(';')[0];
    });

    const t0 = performance.now();
    const done = [];
    let failures = 0;
    await Promise.all(
      seats.map(async (seat, i) => {
        await new Promise((r) => setTimeout(r, (i * 1000) / n));
        const origin = originOf(i);
        try {
          const res = await fetch(`${origin}/api/tccc/sdk-url`, {
            method: 'POST',
            headers: { cookie: cookies[i], origin },
          });
          const body = await res.json();
          if (!(res.status === 200 && new URL(body.sdkUrl).searchParams.get('userid') === seat.userId))
            failures++;
        } catch {
          failures++;
        }
        done.push(performance.now() - t0);
      }),
    );
    const last = Math.max(...done) / 1000;
    const stats = emulator.stats();
    const physical = n / q;
    const label = `2 replicas + Redis, N=${n}, Q=${q}/s`;
    return [
      {
        name: `last agent served (${label})`,
        value: last,
        unit: 's',
        reference: `N/Q = ${physical.toFixed(2)} s`,
        target: `≤ ${(1.05 * physical).toFixed(2)} s`,
        ok: last <= 1.05 * physical,
      },
      {
        name: `failed SDK URL requests (${label})`,
        value: failures,
        unit: '',
        target: '0',
        ok: failures === 0,
      },
      {
        name: `upstream RequestLimitExceeded (${label})`,
        value: stats.rateLimited,
        unit: '',
        target: '0',
        ok: stats.rateLimited === 0,
      },
      {
        name: `upstream max calls in a 1-s window (${label})`,
        value: stats.maxPerSecond,
        unit: '/s',
        target: `≤ ${q}`,
        ok: stats.maxPerSecond <= q,
      },
    ];
  } finally {
    for (const r of replicas) {
      await r.app.close();
      r.upstream.close?.();
    }
    await replicas[0]?.redis.del(`${key}:slot`, `${key}:calls`);
    for (const r of replicas) await r.redis.quit();
    await emulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
