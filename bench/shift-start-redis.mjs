// The shift-start burst across two replicas (helper of shift-start.mjs, no `run()` of its own): the
// agents split between two server instances wired as `tccc-dialer serve` wires them with REDIS_URL
// (one pacer, SDK-URL coalescing, limits and lockout in Redis at 127.0.0.1:6379 or BENCH_REDIS_URL,
// under a key prefix of its own, deleted after).
import { randomUUID } from 'node:crypto';
import { defaultEmulatorConfig } from '@tccc-dialer/emulator';
import {
  buildApp,
  createMemoryAccountStore,
  createUpstream,
  openRedis,
  scaleOutThroughRedis,
} from '@tccc-dialer/server';
import { addAgents, burst, startEmulatorProcess } from './shift-start-support.mjs';

export async function burstAcrossReplicas(seats, q, replicaCount = 2) {
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `tccc-dialer-bench:${randomUUID()}`;
  const emulator = await startEmulatorProcess(q, seats);
  const replicas = [];
  try {
    for (let r = 0; r < replicaCount; r++) {
      const store = createMemoryAccountStore();
      await addAgents(store, seats);
      const redis = openRedis(redisUrl);
      await redis.connect();
      const shared = scaleOutThroughRedis({
        redis,
        prefix,
        sdkAppId: defaultEmulatorConfig.sdkAppId,
        qps: q,
        deadlineMs: 10_000,
      });
      const upstream = shared.share(
        createUpstream({
          apiEndpoint: emulator.apiEndpoint,
          secretId: defaultEmulatorConfig.secretId,
          secretKey: defaultEmulatorConfig.secretKey,
          sdkAppId: defaultEmulatorConfig.sdkAppId,
          protocol: 'http://',
          pacer: shared.pacer,
        }),
      );
      const app = buildApp({
        upstream,
        store,
        sessionSecret: 'shift-start-bench-secret-0123456789abcdef',
        coordination: shared.coordination,
        readiness: shared.readiness,
      });
      const origin = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');
      replicas.push({ redis, upstream, app, origin });
    }
    const result = await burst(seats, (i) => replicas[i % replicas.length].origin);
    return { result, stats: await emulator.stats() };
  } finally {
    for (const r of replicas) {
      await r.app.close();
      r.upstream.close?.();
    }
    const keys = (await replicas[0]?.redis.keys(`${prefix}:*`)) ?? [];
    if (keys.length > 0) await replicas[0].redis.del(...keys);
    for (const r of replicas) await r.redis.quit();
    await emulator.close();
  }
}
