// Shift start: N agents, already signed in, all ask for their SDK URL within one second while the
// upstream quota is Q requests/s (the emulator enforces Q, the server paces at TCCC_API_QPS = Q).
// Physical limit: N/Q seconds. Target: the last agent is served within 1.05 × N/Q, nobody fails,
// and the upstream never answers RequestLimitExceeded. Everything runs over real HTTP on loopback.
// SHIFT_N / SHIFT_Q override the defaults (N=400, Q=100) on a slow machine.
import { defaultEmulatorConfig, startEmulator } from '@tccc-dialer/emulator';
import { buildApp, createMemoryAccountStore, createUpstream, hashPassword } from '@tccc-dialer/server';

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
  const seats = Array.from({ length: n }, (_, i) => ({
    userId: `agent${i}@bench.example.com`,
    name: `Agent ${i}`,
    role: 'agent',
  }));
  const emulator = await startEmulator({ port: 0, rateLimitPerSecond: q, config: { seats } });
  const store = createMemoryAccountStore();
  const passwordHash = hashPassword(password);
  for (const [i, s] of seats.entries())
    await store.add({
      username: `agent${i}`,
      displayName: s.name,
      role: 'agent',
      seatUserId: s.userId,
      passwordHash,
      disabled: false,
    });
  const upstream = createUpstream({
    apiEndpoint: emulator.apiEndpoint,
    secretId: defaultEmulatorConfig.secretId,
    secretKey: defaultEmulatorConfig.secretKey,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    protocol: 'http://',
    qps: q,
  });
  const app = buildApp({ upstream, store, sessionSecret: 'shift-start-bench-secret-0123456789abcdef' });
  const origin = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');

  try {
    // Sign-in first (scrypt is deliberately slow; measured separately below).
    const cookies = new Array(n);
    const signInStart = performance.now();
    await inPool([...seats.keys()], 16, async (i) => {
      const res = await fetch(`${origin}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username: `agent${i}`, password }),
      });
      if (res.status !== 200) throw new Error(`sign-in agent${i}: ${res.status}`);
      cookies[i] = (res.headers.get('set-cookie') ?? '').split(';')[0];
    });
    const signInSeconds = (performance.now() - signInStart) / 1000;

    const before = emulator.stats();
    const t0 = performance.now();
    const done = [];
    let failures = 0;
    await Promise.all(
      seats.map(async (seat, i) => {
        // Arrivals spread evenly over the first second, as a shift start would.
        await new Promise((r) => setTimeout(r, (i * 1000) / n));
        try {
          const res = await fetch(`${origin}/api/tccc/sdk-url`, {
            method: 'POST',
            headers: { cookie: cookies[i], origin },
          });
          const body = await res.json();
          const ok = res.status === 200 && new URL(body.sdkUrl).searchParams.get('userid') === seat.userId;
          if (!ok) failures++;
        } catch {
          failures++;
        }
        done.push(performance.now() - t0);
      }),
    );
    const last = Math.max(...done) / 1000;
    const stats = emulator.stats();
    const limited = stats.rateLimited - (before.rateLimited ?? 0);
    const physical = n / q;
    const label = `N=${n}, Q=${q}/s`;
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
        value: limited,
        unit: '',
        target: '0',
        ok: limited === 0,
      },
      {
        name: `upstream max calls in a 1-s window (${label})`,
        value: stats.maxPerSecond,
        unit: '/s',
        target: `≤ ${q}`,
        ok: stats.maxPerSecond <= q,
      },
      {
        name: `sign-in before the burst (${n} scrypt checks, 16 at a time)`,
        value: n / signInSeconds,
        unit: '/s',
        reference: `${signInSeconds.toFixed(2)} s in all`,
      },
    ];
  } finally {
    await app.close();
    upstream.close?.();
    await emulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
