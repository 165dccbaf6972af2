// Two replicas sharing one quota through Redis (127.0.0.1:6379, a key of our own), against the emulator.
import { randomUUID } from 'node:crypto';
import { defaultEmulatorConfig, startEmulator } from '@tccc-dialer/emulator';
import { redisUrl, servicesAvailable } from '@tccc-dialer/test-support';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import type { UpstreamAttempt } from './client.js';
import { createUpstream } from './client.js';
import { createRedisPacer } from './redis-pacer.js';

const available = await servicesAvailable('The shared Redis pacer test', 'redis');

const key = `tccc-dialer-test:${randomUUID()}:pacer`;
const connections = available ? [new Redis(redisUrl), new Redis(redisUrl)] : [];
afterAll(async () => {
  if (!available) return;
  await connections[0]?.del(key);
  await Promise.all(connections.map((c) => c.quit()));
});

it.runIf(available)(
  'two replicas with a shared Redis pacer at 10/s never show the upstream more than 10 calls in a second',
  async () => {
    const emulator = await startEmulator({ port: 0, rateLimitPerSecond: 10 });
    const attempts: UpstreamAttempt[] = [];
    const replicas = connections.map((redis) =>
      createUpstream({
        apiEndpoint: emulator.apiEndpoint,
        secretId: defaultEmulatorConfig.secretId,
        secretKey: defaultEmulatorConfig.secretKey,
        sdkAppId: defaultEmulatorConfig.sdkAppId,
        protocol: 'http://',
        pacer: createRedisPacer({ redis, key, ratePerSecond: 10 }),
        onAttempt: (a) => attempts.push(a),
      }),
    );
    try {
      await Promise.allSettled(
        Array.from({ length: 24 }, (_, i) => replicas[i % 2]?.createSdkLogin(`seat${i}@example.com`)),
      );
      expect(attempts).toHaveLength(24);
      expect(emulator.stats().rateLimited).toBe(0);
      expect(emulator.stats().maxPerSecond).toBeLessThanOrEqual(10);
      const sent = attempts.map((a) => a.startedAt).sort((x, y) => x - y);
      for (let i = 0; i + 10 < sent.length; i++)
        expect((sent[i + 10] as number) - (sent[i] as number)).toBeGreaterThanOrEqual(1000);
    } finally {
      for (const r of replicas) r.close?.();
      await emulator.close();
    }
  },
);

it.runIf(available)(
  'refuses without reserving when the shared queue is longer than the caller may wait',
  async () => {
    const own = `${key}:refuse`;
    const pacer = createRedisPacer({
      redis: connections[0] as Redis,
      key: own,
      ratePerSecond: 1,
      catchUpMs: 0,
    });
    (await pacer.acquire(0))();
    await expect(pacer.acquire(100)).rejects.toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' });
    await expect(pacer.acquire(100)).rejects.toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' });
    // The refusals took no slot: the next caller willing to wait gets the very next one (~1 s).
    const started = Date.now();
    (await pacer.acquire(5000))();
    expect(Date.now() - started).toBeLessThan(1100);
    await connections[0]?.del(own);
  },
);
