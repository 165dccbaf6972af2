// Shift start: N agents, signed in, all ask for their SDK URL within one second while the upstream
// quota is Q requests/s (the emulator, in its own process, enforces Q; the server paces at
// TCCC_API_QPS = Q). Physical limit: N/Q seconds (a one-second window lets the first Q go at once, so
// the floor is (⌈N/Q⌉ − 1) s plus round trips). Target: the last agent is served within 1.05 × N/Q,
// nobody fails, the upstream never answers RequestLimitExceeded. Measured in one run for one replica
// and for two replicas sharing the quota through Redis, printed side by side.
// Real HTTP on loopback throughout. SHIFT_N / SHIFT_Q override the defaults (N=400, Q=100).
import { defaultEmulatorConfig } from '@tccc-dialer/emulator';
import { buildApp, createMemoryAccountStore, createUpstream } from '@tccc-dialer/server';
import { burstAcrossReplicas } from './shift-start-redis.mjs';
import { addAgents, benchSize, burst, rows, seatsFor, startEmulatorProcess } from './shift-start-support.mjs';

async function burstOnOneReplica(seats, q) {
  const emulator = await startEmulatorProcess(q, seats);
  const store = createMemoryAccountStore();
  await addAgents(store, seats);
  const upstream = createUpstream({
    apiEndpoint: emulator.apiEndpoint,
    secretId: defaultEmulatorConfig.secretId,
    secretKey: defaultEmulatorConfig.secretKey,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    protocol: 'http://',
    qps: q,
  });
  const app = buildApp({ upstream, store, sessionSecret: 'shift-start-bench-secret-0123456789abcdef' });
  try {
    const origin = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');
    return { result: await burst(seats, () => origin), stats: await emulator.stats() };
  } finally {
    await app.close();
    upstream.close?.();
    await emulator.close();
  }
}

export async function run() {
  const { n, q } = benchSize();
  const seats = seatsFor(n);
  const one = await burstOnOneReplica(seats, q);
  const two = await burstAcrossReplicas(seats, q, 2);
  const oneLast = `1 replica ${one.result.lastServedSeconds.toFixed(2)} s`;
  return [
    ...rows(`1 replica, N=${n}, Q=${q}/s`, n, q, one.result, one.stats),
    ...rows(`2 replicas + Redis, N=${n}, Q=${q}/s`, n, q, two.result, two.stats, oneLast),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
