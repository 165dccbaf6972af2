#!/usr/bin/env node
// A day at a contact centre, played against real servers on this machine: N agents sign in, take their
// SDK URL, log their seat in to the emulator's SDK protocol and keep it online, then call at the
// profile's rates (dial permit or call-list claim, the call placed by the emulator, call events
// dialing → ringing → connected → ended, a result for list entries, sometimes a note), page and search
// their history, while the emulator pushes every call's CDR to the server. Reports p50/p95/p99 per
// route, errors by code and each replica's RSS and CPU, and writes a JSON result and an HTML chart.
//
//   node bench/loadtest.mjs [--agents 100] [--seconds 60] [--mode sqlite|cluster] [--faults]
//                           [--profile bench/profiles/day.json] [--out bench/results] [--cpu-prof DIR]
//
// sqlite: one replica on a SQLite file. cluster: two replicas on a PostgreSQL database of their own
// (TEST_POSTGRES_URL's server) sharing Redis (TEST_REDIS_URL) under a key prefix of their own,
// behind the shipped nginx site when nginx is installed (agents and TCCC's pushes go through it).
// With --faults it uses a redis-server of its own (it restarts it) and kills and restarts one replica.
// Everything it starts listens on 127.0.0.1 and is stopped and deleted at the end; the run is capped
// at 1,000 agents and 30 minutes (bench/loadtest-profile.mjs). --cpu-prof DIR: each replica writes a
// V8 CPU profile there when it stops (open it in Chrome's DevTools to see what held its event loop).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { hashPassword, openDatabase } from '@tccc-dialer/server';
import pg from 'pg';
import { closeConnections, fetchHttp } from './loadtest-http.mjs';
import { LoadtestUsage, parseOptions, parseProfile, requireLoopback } from './loadtest-profile.mjs';
import { nginxInstalled, startProxy } from './loadtest-proxy.mjs';
import {
  countErrors,
  createRecorder,
  faultSpans,
  sampleProcesses,
  unexpectedErrors,
  writeReport,
} from './loadtest-report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const emulatorCli = join(root, 'packages/emulator/dist/cli.js');
const serverCli = join(root, 'packages/server/dist/cli/main.js');
const password = 'loadtest-password';
const pushAuth = `tccc:${randomBytes(12).toString('hex')}`;
const sessionSecret = randomBytes(32).toString('hex');
const pgAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The latency every agent route but sign-in must hold at p99. */
export const targetP99Ms = 50;
// TCCC's quota for CreateSDKLoginToken, as the replicas are configured (TCCC_API_QPS).
const sdkUrlQuota = 20;
// The first SDK URL of an agent's day and the later ones: at shift start they queue for the quota.
const sdkUrlRoutes = {
  shiftStart: 'POST /api/tccc/sdk-url (shift start)',
  refresh: 'POST /api/tccc/sdk-url (later)',
};

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers 2xx, or rejects after `ms`. */
async function waitHealthy(url, ms, child) {
  const deadline = Date.now() + ms;
  let last = 'no answer';
  for (;;) {
    if (child !== undefined && child.exitCode !== null) throw new Error(`${url}: process exited`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      // not listening yet
      last = String(error?.cause?.code ?? error);
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 2xx within ${ms} ms (last: ${last})`);
    await sleep(100);
  }
}

function seatsFor(n) {
  return Array.from({ length: n }, (_, i) => ({
    userId: `agent${i}@load.example.com`,
    name: `Agent ${i}`,
    role: 'agent',
  }));
}

async function startEmulator(dir, seats, ringMs) {
  writeFileSync(join(dir, 'emulator.json'), JSON.stringify({ seats }));
  const child = spawn(
    process.execPath,
    [emulatorCli, '--port', '0', '--config', join(dir, 'emulator.json'), '--ring-ms', String(ringMs)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const endpoint = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const m = /endpoint:\s+(ccc\.localhost:\d+)/.exec(output);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}): ${output}`)));
  });
  const base = `http://127.0.0.1:${endpoint.split(':')[1]}`;
  const control = async (method, path, body) => {
    const res = await fetch(`${base}/_emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    endpoint,
    base,
    pid: () => child.pid,
    control,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** One `tccc-dialer serve` child process; `kill()` and `start()` again for the fault windows. */
function replica(name, env, cpuProfDir) {
  const nodeFlags = cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`];
  let child;
  let port;
  const proc = {
    name,
    origin: () => `http://localhost:${port}`,
    pid: () => (child?.exitCode === null && child.signalCode === null ? child.pid : undefined),
    async start() {
      port = port ?? (await freePort());
      child = spawn(process.execPath, [...nodeFlags, serverCli, 'serve'], {
        env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let errors = '';
      child.stderr.on('data', (c) => {
        errors = (errors + c).slice(-4000);
      });
      proc.stderr = () => errors;
      await waitHealthy(`http://127.0.0.1:${port}/healthz`, 20_000, child);
    },
    kill(signal = 'SIGKILL') {
      return new Promise((resolve) => {
        if (child === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill(signal);
      });
    },
    stderr: () => '',
  };
  return proc;
}

async function seed(databaseUrl, agents, entriesPerAgent) {
  const handle = await openDatabase(databaseUrl);
  try {
    const now = Date.now();
    const passwordHash = hashPassword(password);
    const users = Array.from({ length: agents }, (_, i) => ({
      username: `agent${i}`,
      display_name: `Agent ${i}`,
      role: 'agent',
      seat_user_id: `agent${i}@load.example.com`,
      password_hash: passwordHash,
      disabled: 0,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < users.length; i += 500)
      await handle.db
        .insertInto('users')
        .values(users.slice(i, i + 500))
        .execute();
    const campaignId = randomUUID();
    await handle.db
      .insertInto('campaigns')
      .values({
        id: campaignId,
        name: 'load',
        status: 'active',
        mode: 'power',
        agents: '[]',
        timezone: 'Asia/Shanghai',
        hours_start: 0,
        hours_end: 1440,
        max_attempts: 3,
        retry_interval_ms: 3_600_000,
        retry_outcomes: '["busy","noAnswer"]',
        dispositions: JSON.stringify([
          { key: 'interested', label: { 'zh-CN': '有意向', 'en-US': 'Interested' }, callback: false },
        ]),
        wrap_up_seconds: 0,
        cap_per_day: 0,
        cap_per_week: 0,
        mask_numbers: 0,
        callback_grace_ms: 0,
        created_by: 'load',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const count = agents * entriesPerAgent;
    for (let i = 0; i < count; i += 500) {
      const rows = [];
      for (let k = i; k < Math.min(count, i + 500); k++)
        rows.push({
          id: randomUUID(),
          campaign_id: campaignId,
          row_number: k + 2,
          phone: `139${String(k).padStart(8, '0')}`,
          name: `C${k}`,
          fields: '{}',
          status: 'pending',
          close_reason: null,
          attempts: 0,
          last_outcome: null,
          last_disposition: null,
          next_at: now,
          owner: null,
          owner_until: null,
          claimed_by: null,
          claimed_at: null,
          callback_at: null,
          created_at: now,
          updated_at: now,
        });
      await handle.db.insertInto('campaign_entries').values(rows).execute();
    }
    return campaignId;
  } finally {
    await handle.close();
  }
}

/** Counts calls stored from a push and entries claimed more than once, read from the database. */
async function audit(databaseUrl, pushedSessions) {
  const handle = await openDatabase(databaseUrl, { migrate: false });
  try {
    let missing = 0;
    const ids = [...pushedSessions];
    for (let i = 0; i < ids.length; i += 500) {
      const found = await handle.db
        .selectFrom('calls')
        .select('session_id')
        .where('session_id', 'in', ids.slice(i, i + 500))
        .where('from_push', '=', 1)
        .execute();
      missing += ids.slice(i, i + 500).length - found.length;
    }
    return { missing };
  } finally {
    await handle.close();
  }
}

/** Every HTTP request of the run goes through here: timed per route, failures counted by code. */
function client(recorder) {
  /** `retryAfter` hears the seconds a refusal's Retry-After asks for (0 without one). */
  return async function request(route, url, init = {}, retryAfter) {
    const started = performance.now();
    let res;
    try {
      res = await fetchHttp(url, init);
    } catch (error) {
      recorder.error(route, 0, error?.cause?.code ?? 'NETWORK');
      return undefined;
    }
    const text = await res.text();
    recorder.record(route, performance.now() - started, started);
    let body;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    if (res.status >= 400) {
      recorder.error(route, res.status, body?.error?.code ?? body?.code ?? 'UNCODED');
      retryAfter?.(Number(res.headers.get('retry-after') ?? 0));
      return undefined;
    }
    return { res, body };
  };
}

/** One agent's working day; resolves when `signal` aborts. */
async function agentDay(i, ctx) {
  const { profile, request, originOf, emulator, signal, campaignId, counters } = ctx;
  const p = profile.perAgent;
  const scale = profile.timeScale;
  await sleep(Math.random() * profile.rampSeconds * 1000, signal);
  if (signal.aborted) return;
  const origin = () => originOf(i);
  let cookie = '';
  // A refused request's Retry-After, which the agent's next try waits out as the workbench would.
  let retryAfterMs = 0;
  // Once the day is over nothing more is sent: every agent's pending sleep ends at that instant, and
  // their next requests would otherwise all go at once, a burst no real floor makes.
  const api = async (route, method, path, body) =>
    signal.aborted
      ? undefined
      : request(
          route,
          `${origin()}${path}`,
          {
            method,
            headers: {
              cookie,
              origin: origin(),
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
          },
          (seconds) => {
            retryAfterMs = seconds * 1000;
          },
        );
  const retryPause = () => sleep(Math.max(1000, retryAfterMs) * (0.5 + Math.random()), signal);
  const signIn = async () => {
    const r = await api('POST /api/session (sign-in)', 'POST', '/api/session', {
      username: `agent${i}`,
      password,
    });
    if (r !== undefined) cookie = (r.res.headers.get('set-cookie') ?? '').split(';')[0];
    return r !== undefined;
  };
  while (!signal.aborted && !(await signIn())) await retryPause();

  // The SDK: log in with the SDK URL's token and keep the seat online with its long-poll.
  let sdkSession;
  const sdk = async (verb, body) => {
    try {
      const res = await fetchHttp(`${emulator.base}/sdk/${verb}`, {
        method: 'POST',
        body: JSON.stringify({ session: sdkSession, ...body }),
        signal,
      });
      return await res.json();
    } catch {
      return { error: 'stopped' };
    }
  };
  const takeSdkUrl = async (route) => {
    const r = await api(route, 'POST', '/api/tccc/sdk-url');
    if (r === undefined) return false;
    const token = new URL(r.body.sdkUrl).searchParams.get('token');
    const login = await sdk('login', { token });
    if (typeof login.session === 'string') sdkSession = login.session;
    return typeof login.session === 'string';
  };
  while (!signal.aborted && !(await takeSdkUrl(sdkUrlRoutes.shiftStart))) await retryPause();
  void (async () => {
    while (!signal.aborted) {
      const r = await sdk('poll', {});
      if (r.error) await sleep(500, signal);
    }
  })();

  const every = (seconds) => (seconds * 1000) / scale;
  const jitter = (ms) => ms * (0.5 + Math.random());
  const loop = async (intervalMs, work) => {
    await sleep(Math.random() * intervalMs, signal);
    while (!signal.aborted) {
      await work();
      await sleep(jitter(intervalMs), signal);
    }
  };
  const event = (sessionId, name, extra = {}) =>
    api(`POST /api/calls/events (${name})`, 'POST', '/api/calls/events', {
      sessionId,
      event: name,
      at: new Date().toISOString(),
      ...extra,
    });

  const oneCall = async () => {
    let phone = `1370000${String(i % 10_000).padStart(4, '0')}`;
    let entry;
    if (Math.random() < p.fromListShare) {
      const claimed = await api(
        'POST /api/campaigns/:id/claim',
        'POST',
        `/api/campaigns/${campaignId}/claim`,
      );
      entry = claimed?.body?.entry ?? undefined;
      if (entry) phone = entry.dialNumber;
    }
    const permit = await api('POST /api/dial-permits', 'POST', '/api/dial-permits', {
      phone,
      ...(entry ? { campaignId, entryId: entry.id } : {}),
    });
    if (permit?.body?.allowed !== true) return;
    const placed = await sdk('call', { phoneNumber: phone, uui: permit.body.uui });
    if (typeof placed.sessionId !== 'string') {
      counters.sdkRefused++;
      return;
    }
    const sessionId = placed.sessionId;
    await event(sessionId, 'dialing', { callee: phone, direction: 'outbound' });
    await sleep(Math.min(p.ringSeconds * 1000, 200), signal);
    await event(sessionId, 'ringing');
    await sleep(Math.max(0, p.ringSeconds * 1000 - 200), signal);
    await event(sessionId, 'connected');
    await sleep(p.talkSeconds * 1000, signal);
    if (signal.aborted) return;
    await sdk('hangup', { sessionId });
    counters.calls++;
    await event(sessionId, 'ended', { closeBy: 'seat' });
    if (entry)
      await api(
        'POST /api/campaigns/:id/entries/:entryId/result',
        'POST',
        `/api/campaigns/${campaignId}/entries/${entry.id}/result`,
        { sessionId, outcome: 'answered', disposition: 'interested', wrapUpMs: 1000 },
      );
    if (Math.random() < p.noteShare)
      await api('PUT /api/calls/:sessionId/note', 'PUT', `/api/calls/${encodeURIComponent(sessionId)}/note`, {
        note: 'called back about the order',
      });
  };

  await Promise.all([
    loop(every(p.callEverySeconds), oneCall),
    loop(every(p.historyPageEverySeconds), () => api('GET /api/calls (page)', 'GET', '/api/calls?limit=20')),
    loop(every(p.historySearchEverySeconds), () =>
      api(
        'GET /api/calls (phone search)',
        'GET',
        `/api/calls?limit=20&phone=139${String(i).padStart(8, '0')}`,
      ),
    ),
    loop(every(p.sdkUrlEverySeconds), () => takeSdkUrl(sdkUrlRoutes.refresh)),
  ]);
}

/**
 * A PostgreSQL server of the run's own (for --faults, which restarts it): initdb'd in the run's temp
 * folder, on a spare port, as the `postgres` user when run as root (PostgreSQL refuses root).
 */
async function startOwnPostgres(dir) {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  const bin = version === undefined ? undefined : join(root, version, 'bin');
  if (bin === undefined || !existsSync(join(bin, 'initdb')))
    throw new LoadtestUsage("--faults needs Debian's PostgreSQL server binaries (/usr/lib/postgresql/*/bin)");
  const run = (command, args) => {
    const [c, a] =
      process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    execFileSync(c, a, { stdio: 'ignore' });
  };
  const data = join(dir, 'pgdata');
  chmodSync(dir, 0o777);
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const port = await freePort();
  const start = async () =>
    run(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-w',
      '-t',
      '20',
      'start',
      '-l',
      join(dir, 'postgres.log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`,
    ]);
  const stop = async () => {
    try {
      run(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '20', 'stop', '-m', 'fast']);
    } catch {
      // already stopped
    }
  };
  await start();
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, start, stop };
}

/** A redis-server of the run's own on a spare port (for --faults, which restarts it). */
async function startOwnRedis(dir) {
  const port = await freePort();
  let child;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 5000;
    for (;;) {
      if (await redisAnswers(port)) return;
      if (Date.now() > deadline) throw new Error('redis-server did not answer within 5 s');
      await sleep(50);
    }
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** Whether something on the port answers a Redis PING. */
function redisAnswers(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(String(d).startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function setUpStorage(mode, dir, redis) {
  if (mode === 'sqlite') return { databaseUrl: join(dir, 'load.sqlite'), env: {}, drop: async () => {} };
  const name = `tccc_load_${randomBytes(5).toString('hex')}`;
  const admin = async (text) => {
    const c = new pg.Client({ connectionString: pgAdminUrl, connectionTimeoutMillis: 3000 });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  const prefix = `tccc-dialer-load:${randomUUID()}`;
  return {
    databaseUrl: url.toString(),
    env: { REDIS_URL: redis?.url ?? redisUrl, REDIS_KEY_PREFIX: prefix },
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

export async function loadtest(options) {
  for (const url of [pgAdminUrl, redisUrl]) if (options.mode === 'cluster') requireLoopback(url);
  const profile = parseProfile(readFileSync(options.profile, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'tccc-load-'));
  // With faults the run restarts Redis, so it uses a redis-server of its own, never the machine's.
  const ownRedis = options.faults ? await startOwnRedis(dir) : undefined;
  // Likewise PostgreSQL.
  const ownPostgres = options.faults ? await startOwnPostgres(dir) : undefined;
  const storage =
    ownPostgres === undefined
      ? await setUpStorage(options.mode, dir, ownRedis)
      : {
          databaseUrl: ownPostgres.url,
          env: { REDIS_URL: ownRedis.url, REDIS_KEY_PREFIX: 'tccc-dialer-load' },
          drop: () => ownPostgres.stop(),
        };
  const emulator = await startEmulator(dir, seatsFor(options.agents), profile.perAgent.ringSeconds * 1000);
  const replicas = [];
  let proxy;
  const controller = new AbortController();
  // Every agent's requests and sleeps listen on this one signal.
  setMaxListeners(0, controller.signal);
  try {
    const campaignId = await seed(storage.databaseUrl, options.agents, 20);
    const env = {
      ...storage.env,
      DATABASE_URL: storage.databaseUrl,
      SESSION_SECRET: sessionSecret,
      TCCC_MODE: 'emulator',
      TCCC_EMULATOR_ENDPOINT: emulator.endpoint,
      TCCC_API_QPS: String(sdkUrlQuota),
      PUSH_BASIC_AUTH: pushAuth,
      // Behind the proxy, the replicas believe its forwarded headers and nobody else's.
      TRUST_PROXY: '127.0.0.1',
    };
    const count = options.mode === 'cluster' ? 2 : 1;
    for (let r = 0; r < count; r++) {
      const proc = replica(
        `replica ${r + 1}${options.mode === 'cluster' ? ' (PostgreSQL + Redis)' : ' (SQLite)'}`,
        env,
        options.cpuProfDir,
      );
      await proc.start();
      requireLoopback(proc.origin());
      replicas.push(proc);
    }
    // Two replicas are reached as an operator deploys them: through the shipped nginx site.
    if (options.mode === 'cluster' && !nginxInstalled)
      console.log('loadtest: nginx is not installed; the agents reach the replicas directly');
    proxy =
      options.mode === 'cluster' && nginxInstalled
        ? await startProxy({
            root,
            dir,
            port: await freePort(),
            upstreams: replicas.map((r) => Number(new URL(r.origin()).port)),
          })
        : undefined;
    // TCCC pushes to one URL: the proxy's, or without one the last replica (the first is the one a fault kills).
    const pushTarget = proxy ?? replicas[replicas.length - 1];
    await emulator.control('PUT', 'push', {
      url: `${pushTarget.origin()}/api/tccc/push`,
      basicAuth: pushAuth,
    });

    const startedAt = performance.now();
    const recorder = createRecorder(startedAt);
    // After the ramp and the sign-ins' password hashes: the centre's working rate alone.
    const steadyFrom = profile.rampSeconds + 10;
    // The generator shares the machine: its own CPU shows how much of it the agents' side took.
    const sampler = sampleProcesses(
      [
        ...replicas,
        { name: 'emulator', pid: emulator.pid },
        { name: 'load generator', pid: () => process.pid },
      ],
      startedAt,
    );
    // A request timed here also waits for this loop: its lag is part of every latency the run reports.
    const generatorLag = monitorEventLoopDelay({ resolution: 10 });
    generatorLag.enable();
    const counters = { calls: 0, sdkRefused: 0 };
    const ctx = {
      profile,
      request: client(recorder),
      originOf: (i) => proxy?.origin() ?? replicas[i % replicas.length].origin(),
      emulator,
      signal: controller.signal,
      campaignId,
      counters,
    };
    const agents = Array.from({ length: options.agents }, (_, i) => agentDay(i, ctx));
    const faults = options.faults
      ? await runFaults(replicas, { redis: ownRedis, postgres: ownPostgres }, startedAt, options.seconds)
      : [];
    await sleep(Math.max(0, options.seconds * 1000 - (performance.now() - startedAt)));
    controller.abort();
    const seconds = (performance.now() - startedAt) / 1000;
    await Promise.all(agents);
    const processes = sampler.stop(steadyFrom);
    generatorLag.disable();
    // The histogram holds whole timer intervals; the lag is what they took beyond the 10 ms asked.
    const lagMs = (ns) => Math.max(0, Math.round((ns / 1e6 - 10) * 10) / 10);
    const generatorLoop = {
      p99: lagMs(generatorLag.percentile(99)),
      max: lagMs(generatorLag.max),
    };

    // Pushes TCCC counted as delivered must all be in the history.
    const deadline = Date.now() + 15_000;
    let attempts;
    for (;;) {
      attempts = (await emulator.control('GET', 'pushes')).attempts;
      const pending =
        counters.calls - new Set(attempts.filter((a) => a.action === 'cdr').map((a) => a.sessionId)).size;
      if (pending <= 0 || Date.now() > deadline) break;
      await sleep(250);
    }
    const acknowledged = new Set(attempts.filter((a) => a.ok && a.action === 'cdr').map((a) => a.sessionId));
    const { missing } = await audit(storage.databaseUrl, acknowledged);
    const doubles = await doubleClaims(storage.databaseUrl);
    const stats = await emulator.control('GET', 'stats');

    const routes = recorder.summary();
    const errors = countErrors(recorder.errors());
    for (const [k, span] of faultSpans(faults).entries())
      faults[k].errors = countErrors(recorder.errors(), span.from, span.to);
    const requests = Object.values(routes).reduce((n, r) => n + r.count, 0);
    // SDK URLs wait for TCCC's quota whenever more than 20 agents ask in a second (every shift start):
    // that wait is TCCC's, so what counts against the target is what the product adds beyond it.
    const quota = recorder.beyondQuota(Object.values(sdkUrlRoutes), sdkUrlQuota);
    const agentRoutes = Object.entries(routes)
      .filter(([name]) => !name.includes('sign-in'))
      .map(([name, r]) => [name, quota[name]?.added ?? r]);
    const worstP99 = Math.max(0, ...agentRoutes.map(([, r]) => r.p99));
    // The working hours apart from the shift start, whose sign-ins' password hashes take the cores.
    const steadyRoutes = recorder.summary(steadyFrom);
    const slowest = recorder.slowest(10, steadyFrom).filter((q) => !q.route.includes('(sign-in)'));
    const steadyWorst = Object.entries(steadyRoutes)
      .filter(([name]) => !name.includes('sign-in') && !name.includes('shift start'))
      .reduce((worst, [name, r]) => (r.p99 > worst.p99 ? { route: name, p99: r.p99 } : worst), {
        route: '',
        p99: 0,
      });
    const result = {
      title: `${options.agents} agents, ${options.mode === 'cluster' ? `two replicas + PostgreSQL + Redis${proxy ? ' behind nginx' : ''}` : 'one replica on SQLite'}${options.faults ? ', with faults' : ''}`,
      mode: options.mode,
      agents: options.agents,
      seconds: Math.round(seconds),
      profile,
      targetP99Ms,
      requests,
      requestsPerSecond: Math.round(requests / seconds),
      calls: counters.calls,
      errorCount: recorder.errors().length,
      routes,
      quota,
      errors,
      processes,
      generatorLoop,
      steadyFrom,
      faults,
      steadyRoutes,
      slowest,
      checks: {
        'worst p99 of agent routes (ms, sign-in apart)': worstP99,
        'worst p99 of agent routes after the shift start (ms)': steadyWorst.p99,
        'slowest route after the shift start': steadyWorst.route,
        'p99 target met': steadyWorst.p99 <= targetP99Ms,
        'acknowledged CDR pushes': acknowledged.size,
        'acknowledged pushes lost': missing,
        '5xx without an error code': recorder.errors().filter((e) => e.status >= 500 && e.code === 'UNCODED')
          .length,
        'errors but coded 503s in a fault window': unexpectedErrors(recorder.errors(), faults).length,
        'replicas serving again within 10 s': faults.every((w) => w.recoveredSeconds <= 10),
        'entries claimed twice': doubles,
        'calls the emulator refused': counters.sdkRefused,
        'upstream RequestLimitExceeded': stats.rateLimited ?? 0,
      },
    };
    mkdirSync(options.out, { recursive: true });
    const files = writeReport(join(options.out, `loadtest-${options.mode}-${options.agents}`), result);
    return { result, files };
  } finally {
    controller.abort();
    closeConnections();
    await proxy?.stop();
    for (const r of replicas) await r.kill('SIGTERM');
    await emulator.close();
    await storage.drop().catch(() => {});
    if (options.mode === 'cluster' && ownRedis === undefined)
      await dropRedisKeys(storage.env.REDIS_KEY_PREFIX).catch(() => {});
    await ownRedis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function doubleClaims(databaseUrl) {
  // An entry claimed twice would have two attempts from different agents for the same claim; the
  // server records one attempt per result, so more attempts than results posted means a double.
  const handle = await openDatabase(databaseUrl, { migrate: false });
  try {
    const rows = await handle.db
      .selectFrom('campaign_attempts')
      .select(['entry_id', (eb) => eb.fn.count('agent_username').distinct().as('agents')])
      .groupBy('entry_id')
      .execute();
    return rows.filter((r) => Number(r.agents) > 1).length;
  } finally {
    await handle.close();
  }
}

async function dropRedisKeys(prefix) {
  const { openRedis } = await import('@tccc-dialer/server');
  const redis = openRedis(redisUrl);
  await redis.connect();
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

/**
 * The fault windows, one after another from a fifth of the run, each `downSeconds` long: the first
 * replica is SIGKILLed (as a crash or an OOM kill would) and started again on its port; then the run's
 * own Redis, then its own PostgreSQL, is stopped and started again. A window ends when every replica answers /readyz again, and
 * how long that took from the end of the fault (the restart) is reported. Errors are counted per window afterwards from
 * the requests' timestamps (the window plus 10 s, or up to the next window).
 */
async function runFaults(replicas, servers, startedAt, seconds, downSeconds = 5) {
  const at = () => Math.round(((performance.now() - startedAt) / 1000) * 10) / 10;
  const allReady = async (ended) => {
    for (const r of replicas) await waitHealthy(`${r.origin()}/readyz`, 30_000);
    return Math.round((performance.now() - ended) / 100) / 10;
  };
  const windows = [];
  const fault = async (name, stop, start) => {
    const from = at();
    await stop();
    await sleep(downSeconds * 1000);
    // The fault ends here; the replica's own start-up counts towards serving again.
    const ended = performance.now();
    await start();
    const recoveredSeconds = await allReady(ended);
    windows.push({ name, from, to: at(), recoveredSeconds });
    await sleep(Math.max(0, (seconds * 1000) / 5 - downSeconds * 1000));
  };
  await sleep(Math.max(0, (seconds * 1000) / 5 - (performance.now() - startedAt)));
  const victim = replicas[0];
  await fault(
    `SIGKILL ${victim.name}, ${downSeconds} s down`,
    () => victim.kill('SIGKILL'),
    () => victim.start(),
  );
  await fault(
    `restart Redis, ${downSeconds} s down`,
    () => servers.redis.stop(),
    () => servers.redis.start(),
  );
  await fault(
    `restart PostgreSQL, ${downSeconds} s down`,
    () => servers.postgres.stop(),
    () => servers.postgres.start(),
  );
  return windows;
}

function printSummary({ result, files }) {
  const rows = Object.entries(result.routes).map(([route, r]) => ({
    route,
    count: r.count,
    'p50 ms': r.p50,
    'p95 ms': r.p95,
    'p99 ms': r.p99,
    target: route.includes('sign-in')
      ? 'apart (password hash)'
      : result.quota[route]
        ? `≤ ${targetP99Ms} beyond the quota's wait`
        : `≤ ${targetP99Ms}`,
  }));
  console.log(
    `\n${result.title}: ${result.requests} requests in ${result.seconds} s (${result.requestsPerSecond}/s), ${result.calls} calls`,
  );
  console.table(rows);
  for (const [route, q] of Object.entries(result.quota))
    console.log(
      `${route}: TCCC's quota alone forces p50/p95/p99 ${q.quotaWait.p50} / ${q.quotaWait.p95} / ${q.quotaWait.p99} ms on these arrivals; the product adds ${q.added.p50} / ${q.added.p95} / ${q.added.p99} ms (≤ ${targetP99Ms} at p99)`,
    );
  console.log('errors by code:', Object.keys(result.errors).length === 0 ? 'none' : result.errors);
  for (const p of result.processes)
    console.log(
      `${p.name}: mean CPU ${p.meanCpu} cores (${p.steadyCpu} from ${result.steadyFrom} s, after the shift start), max RSS ${p.maxRssMb} MB`,
    );
  console.log(
    `load generator's own event-loop delay (in every latency above): p99 ${result.generatorLoop.p99} ms, max ${result.generatorLoop.max} ms`,
  );
  if (result.slowest.length > 0)
    console.log(
      `slowest requests after the shift start: ${result.slowest.map((q) => `${q.ms} ms at ${q.at} s (${q.route})`).join('; ')}`,
    );
  for (const w of result.faults) console.log(`fault ${w.name} ${w.from}–${w.to} s:`, w.errors);
  console.log('checks:', result.checks);
  console.log(`wrote ${files.json} and ${files.html}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const outcome = await loadtest(parseOptions(process.argv.slice(2)));
    printSummary(outcome);
    const c = outcome.result.checks;
    if (
      c['errors but coded 503s in a fault window'] > 0 ||
      !c['replicas serving again within 10 s'] ||
      !c['p99 target met'] ||
      c['acknowledged pushes lost'] > 0 ||
      c['entries claimed twice'] > 0
    )
      process.exitCode = 1;
  } catch (error) {
    if (error instanceof LoadtestUsage) {
      console.error(`loadtest: ${error.message}`);
      process.exitCode = 2;
    } else throw error;
  }
}
