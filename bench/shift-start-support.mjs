// Shared by the shift-start benches (no `run()`, so bench/run.mjs skips it). The emulator runs in its
// own process, as the real cloud API is remote: its work does not slow the server under test.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '@tccc-dialer/server';

export const password = 'shift-start-password';
const emulatorCli = fileURLToPath(new URL('../packages/emulator/dist/cli.js', import.meta.url));

export function benchSize() {
  return { n: Number(process.env.SHIFT_N ?? 400), q: Number(process.env.SHIFT_Q ?? 100) };
}

export function seatsFor(n) {
  return Array.from({ length: n }, (_, i) => ({
    userId: `agent${i}@bench.example.com`,
    name: `Agent ${i}`,
    role: 'agent',
  }));
}

/** `tccc-emulator` in a child process with its limit at `q`/s and the given seats. */
export async function startEmulatorProcess(q, seats) {
  const dir = mkdtempSync(join(tmpdir(), 'shift-start-'));
  writeFileSync(join(dir, 'emulator.json'), JSON.stringify({ seats }));
  const child = spawn(
    process.execPath,
    [emulatorCli, '--port', '0', '--rate-limit', String(q), '--config', join(dir, 'emulator.json')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const apiEndpoint = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const m = /endpoint:\s+(ccc\.localhost:\d+)/.exec(output);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}): ${output}`)));
  });
  const control = `http://127.0.0.1:${apiEndpoint.split(':')[1]}/_emulator`;
  return {
    apiEndpoint,
    stats: async () => (await fetch(`${control}/stats`)).json(),
    close: async () => {
      await new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The users of one replica's account store, all with one (deliberately slow) scrypt hash. */
export async function addAgents(store, seats) {
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
}

/**
 * Signs every agent in (16 at a time, not timed against the target), then fires every agent's SDK URL
 * request spread evenly over one second and times until the last is served.
 */
export async function burst(seats, originOf) {
  const n = seats.length;
  const cookies = new Array(n);
  let next = 0;
  const signInStart = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < n) {
        const i = next++;
        const origin = originOf(i);
        const res = await fetch(`${origin}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin },
          body: JSON.stringify({ username: `agent${i}`, password }),
        });
        if (res.status !== 200) throw new Error(`sign-in agent${i}: ${res.status}`);
        cookies[i] = (res.headers.get('set-cookie') ?? '').split(';')[0];
      }
    }),
  );
  const signInSeconds = (performance.now() - signInStart) / 1000;

  const t0 = performance.now();
  let lastServed = 0;
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
      lastServed = Math.max(lastServed, performance.now() - t0);
    }),
  );
  return { lastServedSeconds: lastServed / 1000, failures, signInSeconds };
}

/**
 * The bench rows: the target figure beside N/Q (and `beside`, e.g. the one-replica figure of the same
 * run), failures, RequestLimitExceeded, the busiest second.
 */
export function rows(label, n, q, result, stats, beside) {
  const physical = n / q;
  const last = result.lastServedSeconds;
  return [
    {
      name: `last agent served (${label})`,
      value: last,
      unit: 's',
      // A burst of up to Q may go at once, so under a one-second window the last of N can go as early as
      // (⌈N/Q⌉ − 1) s plus a round trip per window; N/Q is the figure a steady 1/Q spacing gives.
      reference: `N/Q = ${physical.toFixed(2)} s; one-second windows allow ${Math.ceil(n / q) - 1} s + round trips${beside === undefined ? '' : `; ${beside}`}`,
      target: `≤ ${(1.05 * physical).toFixed(2)} s`,
      ok: last <= 1.05 * physical,
    },
    {
      name: `failed SDK URL requests (${label})`,
      value: result.failures,
      unit: '',
      target: '0',
      ok: result.failures === 0,
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
    {
      name: `sign-in before the burst (${label}, 16 at a time)`,
      value: n / result.signInSeconds,
      unit: '/s',
      reference: `${result.signInSeconds.toFixed(2)} s in all`,
    },
  ];
}
