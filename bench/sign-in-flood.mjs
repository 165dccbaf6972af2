// A real user's sign-in latency while 10,000 sign-ins for unknown usernames arrive from as many
// addresses (behind a trusted proxy, so per-address counting cannot stop them), beside the same
// sign-in's latency on an idle server, both over real HTTP to the built server in this run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const floodSize = 10_000;
const floodWorkers = 200;
const samples = 15;
const targetMs = 1000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function post(origin, address, username, password) {
  return fetch(`${origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
}

async function timedSignIn(origin) {
  const t0 = performance.now();
  const res = await post(origin, '10.0.0.7', 'supervisor', 'tccc-demo');
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`the real sign-in answered ${res.status}`);
  return performance.now() - t0;
}

/** The server under test, in a process of its own (as in production), printing its origin. */
const serverScript = `
import { buildApp, createMemoryAccountStore, createUpstream, hashPassword } from '@tccc-dialer/server';
const store = createMemoryAccountStore();
await store.add({ username: 'supervisor', displayName: 'Supervisor', role: 'supervisor',
  seatUserId: 'supervisor@example.com', passwordHash: hashPassword('tccc-demo'), disabled: false });
const upstream = createUpstream({ apiEndpoint: 'http://127.0.0.1:9', secretId: 'x', secretKey: 'x',
  sdkAppId: 1, protocol: 'http://' });
const app = buildApp({ upstream, store, sessionSecret: 'bench-session-secret-0123456789abcdef',
  trustProxy: ['127.0.0.1'], limits: { signInPerMinute: 1000000 } });
console.log(await app.listen({ port: 0, host: '127.0.0.1' }));
// A normal exit on SIGTERM, so that --cpu-prof writes its profile.
process.once('SIGTERM', () => process.exit(0));
`;

/** The flood, in a worker thread so that sending it does not slow the measuring thread. */
const floodScript = `
import { parentPort, workerData } from 'node:worker_threads';
const { origin, size, workers } = workerData;
let sent = 0;
const answers = {};
await Promise.all(Array.from({ length: workers }, async () => {
  while (sent < size) {
    const n = sent++;
    const res = await fetch(origin + '/api/session', { method: 'POST', headers: { 'content-type': 'application/json',
      origin, 'x-forwarded-for': '172.' + (16 + (n >> 16)) + '.' + ((n >> 8) & 255) + '.' + (n & 255) },
      body: JSON.stringify({ username: 'nobody-' + n, password: 'guess' }) });
    await res.arrayBuffer();
    answers[res.status] = (answers[res.status] ?? 0) + 1;
  }
}));
parentPort.postMessage(answers);
`;

function startServerProcess() {
  // SIGN_IN_FLOOD_PROFILE=<dir>: the server writes a CPU profile there (open it in Chrome's DevTools).
  const profile = process.env.SIGN_IN_FLOOD_PROFILE;
  const flags = profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`];
  const child = spawn(process.execPath, [...flags, '--input-type=module', '-e', serverScript], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    child.stdout.once('data', (d) => resolve({ child, address: String(d).trim() }));
  });
}

export async function run() {
  const { child, address } = await startServerProcess();
  const origin = address.replace('127.0.0.1', 'localhost');
  try {
    await timedSignIn(origin);
    const idle = [];
    for (let i = 0; i < samples; i++) idle.push(await timedSignIn(origin));

    const floodStart = performance.now();
    const worker = new Worker(floodScript, {
      eval: true,
      workerData: { origin, size: floodSize, workers: floodWorkers },
    });
    let done = false;
    const flooded = new Promise((resolve, reject) => {
      worker.once('message', (answers) => {
        done = true;
        resolve(answers);
      });
      worker.once('error', reject);
    });
    const during = [];
    while (!done && during.length < samples) during.push(await timedSignIn(origin));
    const answers = await flooded;
    const floodSeconds = (performance.now() - floodStart) / 1000;
    await worker.terminate();
    const worst = Math.max(...during);
    return [
      {
        name: 'real sign-in, median during the flood',
        value: median(during),
        unit: 'ms',
        reference: `${median(idle).toFixed(1)} ms idle`,
        target: `< ${targetMs} ms`,
        ok: median(during) < targetMs,
      },
      {
        name: `real sign-in, slowest of ${during.length} during the flood`,
        value: worst,
        unit: 'ms',
        reference: `${Math.max(...idle).toFixed(1)} ms idle`,
        target: `< ${targetMs} ms`,
        ok: worst < targetMs,
      },
      {
        name: 'flood answered',
        value: floodSize / floodSeconds,
        unit: 'req/s',
        reference: Object.entries(answers)
          .map(([s, c]) => `${c}×${s}`)
          .join(', '),
      },
    ];
  } finally {
    child.kill();
  }
}
