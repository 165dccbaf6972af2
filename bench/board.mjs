// The supervisor's live board at 500 agents: two `tccc-dialer serve` processes on one PostgreSQL
// database and one Redis (127.0.0.1:6379 or BENCH_REDIS_URL); 500 simulated agents report status
// changes to replica A, boards stream from replica B. Figures: event → board p95 (from the agent's
// request leaving to the board's frame arriving), beside the agent's request round trip alone in the
// same run; and replica B's memory per connected board, beside an idle keep-alive HTTP connection.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@tccc-dialer/emulator';
import { openDatabase } from '@tccc-dialer/server';
import { Redis } from 'ioredis';
import pg from 'pg';

const AGENTS = 500;
const CHANGES = 4;
const SPREAD_MS = 10_000;
const LATENCY_BOARDS = 10;
const MEMORY_BOARDS = 200;
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const bin = fileURLToPath(new URL('../packages/server/bin/tccc-dialer.js', import.meta.url));

const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** One HTTP request on `agent` (keep-alive); resolves the status once the body is read. */
function request(url, { agent, method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function admin(text) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function serve(env) {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if ((await fetch(`${origin}/healthz`).catch(() => undefined))?.ok) break;
    if (i > 200) throw new Error(`server not healthy: ${output}`);
    await sleep(100);
  }
  return { origin, child };
}

/** A board's stream: each `agent` frame's arrival time, by username and status. */
async function openBoard(origin, onAgent) {
  const abort = new AbortController();
  const res = await fetch(`${origin}/api/board/events`, {
    headers: { accept: 'text/event-stream', 'x-bench-user': 'boss' },
    signal: abort.signal,
  });
  if (!res.ok) throw new Error(`board: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let snapshot;
  const gotSnapshot = new Promise((r) => (snapshot = r));
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      const at = Date.now();
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        if (event === 'snapshot') snapshot();
        if (event === 'agent' && data !== undefined && onAgent) onAgent(JSON.parse(data), at);
      }
    }
  })();
  await gotSnapshot;
  return () => abort.abort();
}

export async function run() {
  const name = `tccc_bench_board_${randomBytes(4).toString('hex')}`;
  try {
    await admin(`create database ${name}`);
  } catch (error) {
    return [{ name: 'event → board p95', value: `skipped: no PostgreSQL (${error.message})` }];
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const emulator = await startEmulator({ port: 0 });
  const servers = [];
  const closers = [];
  try {
    const handle = await openDatabase(databaseUrl);
    const users = Array.from({ length: AGENTS }, (_, i) => ({
      username: `a${i}`,
      display_name: `Agent ${i}`,
      role: 'agent',
      seat_user_id: `a${i}@bench.example.com`,
      password_hash: null,
      disabled: 0,
      created_at: 0,
      updated_at: 0,
    }));
    users.push({
      ...users[0],
      username: 'boss',
      display_name: 'Boss',
      role: 'supervisor',
      seat_user_id: 'boss@bench.example.com',
    });
    for (let i = 0; i < users.length; i += 100)
      await handle.db
        .insertInto('users')
        .values(users.slice(i, i + 100))
        .execute();
    await handle.close();
    const env = {
      TCCC_MODE: 'emulator',
      TCCC_EMULATOR_ENDPOINT: emulator.apiEndpoint,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `tccc-dialer-bench:${name}`,
      SESSION_SECRET: 'board-bench-session-secret-0123456789abcdef',
      AUTH_MODE: 'header',
      AUTH_HEADER: 'x-bench-user',
      TRUST_PROXY: '127.0.0.1',
      CDR_SYNC_INTERVAL_SECONDS: '0',
      BOARD_RECONCILE_SECONDS: '0',
      LOG_LEVEL: 'warn',
    };
    servers.push(await serve(env), await serve(env));
    const [a, b] = servers;

    // Memory: replica B's RSS with MEMORY_BOARDS boards open, against as many idle keep-alive connections.
    await sleep(500);
    const idleAgent = new Agent({ keepAlive: true, maxSockets: MEMORY_BOARDS });
    const before = rssKb(b.child.pid);
    await Promise.all(
      Array.from({ length: MEMORY_BOARDS }, () => request(`${b.origin}/healthz`, { agent: idleAgent })),
    );
    await sleep(300);
    const idleKb = (rssKb(b.child.pid) - before) / MEMORY_BOARDS;
    idleAgent.destroy();
    await sleep(300);
    const openBoards = async () => {
      for (let i = 0; i < MEMORY_BOARDS; i += 20)
        closers.push(...(await Promise.all(Array.from({ length: 20 }, () => openBoard(b.origin)))));
      await sleep(300);
    };
    // A first round grows the heap for the snapshots' garbage; the second measures what boards keep.
    await openBoards();
    for (const close of closers.splice(0)) close();
    await sleep(500);
    const beforeBoards = rssKb(b.child.pid);
    await openBoards();
    const boardKb = (rssKb(b.child.pid) - beforeBoards) / MEMORY_BOARDS;
    for (const close of closers.splice(0)) close();
    await sleep(300);

    // Latency: every agent changes status CHANGES times at random moments over SPREAD_MS.
    const sent = new Map();
    const latencies = [];
    const onAgent = (row, at) => {
      const key = `${row.username} ${row.statusSince}`;
      const t = sent.get(key);
      if (t !== undefined) latencies.push(at - t);
    };
    for (let i = 0; i < LATENCY_BOARDS; i++) closers.push(await openBoard(b.origin, onAgent));
    const pool = new Agent({ keepAlive: true, maxSockets: 64 });
    const roundTrips = [];
    // Each agent's changes in turn (rest, free, not ready, free), one in each quarter of the spread.
    const statuses = ['rest', 'free', 'notReady', 'free'];
    const slot = SPREAD_MS / CHANGES;
    const changes = [];
    for (let i = 0; i < AGENTS; i++)
      for (let k = 0; k < CHANGES; k++)
        changes.push({ user: `a${i}`, status: statuses[k % 4], at: k * slot + Math.random() * slot * 0.8 });
    changes.sort((x, y) => x.at - y.at);
    const start = Date.now();
    const lastAt = new Map();
    await Promise.all(
      changes.map(async (c) => {
        await sleep(c.at);
        // Each report names a distinct moment, so the board's row says which one it carries.
        let now = Date.now();
        if ((lastAt.get(c.user) ?? 0) >= now) now = (lastAt.get(c.user) ?? 0) + 1;
        lastAt.set(c.user, now);
        const at = new Date(now).toISOString();
        sent.set(`${c.user} ${at}`, now);
        const t = performance.now();
        const status = await request(`${a.origin}/api/agent-status`, {
          method: 'POST',
          agent: pool,
          headers: { 'content-type': 'application/json', 'x-bench-user': c.user },
          body: JSON.stringify({ status: c.status, at }),
        });
        if (status === 200) roundTrips.push(performance.now() - t);
      }),
    );
    const expected = changes.length * LATENCY_BOARDS;
    for (let i = 0; i < 100 && latencies.length < expected; i++) await sleep(50);
    const elapsed = (Date.now() - start) / 1000;
    pool.destroy();
    const received = latencies.length / LATENCY_BOARDS;
    const latency = p95(latencies);
    return [
      {
        name: `event → board p95, ${AGENTS} agents, ${Math.round(changes.length / elapsed)} changes/s, ${LATENCY_BOARDS} boards, 2 replicas`,
        value: latency,
        unit: 'ms',
        reference: `agent's report round trip p95 ${p95(roundTrips).toFixed(1)} ms; ${received}/${changes.length} changes reached each board`,
        target: '≤ 1000 ms',
        ok: latency <= 1000 && received === changes.length,
      },
      {
        name: `server memory per connected board (${MEMORY_BOARDS} boards)`,
        value: boardKb,
        unit: 'KB',
        reference: `idle keep-alive HTTP connection ${idleKb.toFixed(1)} KB`,
      },
    ];
  } finally {
    for (const close of closers) close();
    for (const s of servers) {
      const exited = new Promise((r) => s.child.once('exit', r));
      s.child.kill('SIGTERM');
      await exited;
    }
    await emulator.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`tccc-dialer-bench:${name}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await admin(`drop database if exists ${name} with (force)`);
  }
}
