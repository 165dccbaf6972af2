// Shift start: N agents, signed in, all ask for their SDK URL within one second while the upstream
// quota is Q requests/s (the emulator, in its own process, enforces Q; the server paces at
// TCCC_API_QPS = Q). Physical limit: N/Q seconds. Target: the last agent is served within 1.05 × N/Q,
// nobody fails, the upstream never answers RequestLimitExceeded. Real HTTP on loopback throughout.
// SHIFT_N / SHIFT_Q override the defaults (N=400, Q=100) on a slow machine.
import { defaultEmulatorConfig } from '@tccc-dialer/emulator';
import { buildApp, createMemoryAccountStore, createUpstream } from '@tccc-dialer/server';
import { addAgents, benchSize, burst, rows, seatsFor, startEmulatorProcess } from './shift-start-support.mjs';

export async function run() {
  const { n, q } = benchSize();
  const seats = seatsFor(n);
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
    const result = await burst(seats, () => origin);
    return rows(`N=${n}, Q=${q}/s`, n, q, result, await emulator.stats());
  } finally {
    await app.close();
    upstream.close?.();
    await emulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
