// Shift start across two replicas: the burst of shift-start.mjs, the agents split between two server
// instances that share one quota through a Redis pacer (127.0.0.1:6379, or BENCH_REDIS_URL; a key of
// its own, deleted after). Same targets as for one replica.
import { randomUUID } from 'node:crypto';
import { defaultEmulatorConfig } from '@tccc-dialer/emulator';
import { buildApp, createMemoryAccountStore, createRedisPacer, createUpstream } from '@tccc-dialer/server';
import { Redis } from 'ioredis';
import { addAgents, benchSize, burst, rows, seatsFor, startEmulatorProcess } from './shift-start-support.mjs';

export async function run() {
  const { n, q } = benchSize();
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const key = `tccc-dialer-bench:${randomUUID()}`;
  const seats = seatsFor(n);
  const emulator = await startEmulatorProcess(q, seats);
  const replicas = [];
  try {
    for (let r = 0; r < 2; r++) {
      const store = createMemoryAccountStore();
      await addAgents(store, seats);
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
    const result = await burst(seats, (i) => replicas[i % 2].origin);
    return rows(`2 replicas + Redis, N=${n}, Q=${q}/s`, n, q, result, await emulator.stats());
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
