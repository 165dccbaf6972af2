// Redis (our own redis-server on a spare port) dies in the middle of a burst and comes back: requests
// that need it fail fast with a coded 503 meanwhile, everything recovers by itself, and every push
// acknowledged to TCCC is stored.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type ServerProcess, servicesAvailable } from '@tccc-dialer/test-support';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  cdr,
  createScaleWorld,
  eventually,
  push,
  type ScaleWorld,
  sdkUrl,
  signIn,
  startReplicas,
} from './support.js';

const available = await servicesAvailable('The Redis outage test', 'postgres', 'redis', 'redis-server');

const agents = 20;
let world: ScaleWorld;
let replica: ServerProcess | undefined;
let redisServer: ChildProcess | undefined;
let redisPort = 0;
const dir = mkdtempSync(join(tmpdir(), 'redis-outage-'));

async function startRedis(): Promise<void> {
  redisServer = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const probe = new Redis({ port: redisPort, lazyConnect: true, retryStrategy: () => null });
  probe.on('error', () => undefined);
  await eventually(
    async () => {
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG' ? true : undefined;
      } catch {
        return undefined;
      }
    },
    5000,
    'redis-server to answer',
  );
  probe.disconnect();
}

async function stopRedis(signal: NodeJS.Signals): Promise<void> {
  const child = redisServer;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill(signal);
  });
}

beforeAll(async () => {
  if (!available) return;
  redisPort = await freePort();
  await startRedis();
  world = await createScaleWorld({ agents, qps: 20 });
  [replica] = await startReplicas(1, {
    ...world.env(`redis://127.0.0.1:${redisPort}`),
    CDR_SYNC_INTERVAL_SECONDS: '0',
  });
}, 30_000);

afterAll(async () => {
  if (!available) return;
  await replica?.stop();
  await stopRedis('SIGKILL');
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

it.runIf(available)(
  'Redis stopped mid-burst: coded 503s while it is down, recovery after, no acknowledged push lost',
  async () => {
    const origin = replica?.origin ?? '';
    const cookies: string[] = [];
    for (let i = 0; i < agents; i++) cookies.push(await signIn(origin, `agent${i}`));

    type Answer = { startedAt: number; endedAt: number; status: number; code?: string };
    let killedAt = Number.POSITIVE_INFINITY;
    let restartedAt = Number.POSITIVE_INFINITY;
    const answers: Answer[] = [];
    const acknowledged: string[] = [];
    let stop = false;
    let n = 0;
    const sdkSender = async () => {
      while (!stop) {
        const i = n++;
        const startedAt = Date.now();
        const r = await sdkUrl(origin, cookies[i % agents] ?? '');
        answers.push({
          startedAt,
          endedAt: Date.now(),
          status: r.status,
          ...(r.body.error ? { code: r.body.error.code } : {}),
        });
        await new Promise((resolve) => setTimeout(resolve, 80));
      }
    };
    let p = 0;
    const acknowledgedAt: number[] = [];
    const pushSender = async () => {
      while (!stop) {
        const sessionId = `outage-${p++}`;
        const seat = world.seats[0] ?? '';
        const code = await push(origin, `uuid-${sessionId}`, cdr(sessionId, seat, 1_700_000_000 + p)).catch(
          () => undefined,
        );
        if (code === 0) acknowledged.push(sessionId);
        if (code === 0) acknowledgedAt.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    };
    const senders = Promise.all([sdkSender(), sdkSender(), pushSender()]);

    await new Promise((resolve) => setTimeout(resolve, 1000));
    killedAt = Date.now();
    await stopRedis('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      error: { code: 'NOT_READY' },
      checks: { database: 'ok', redis: 'unavailable' },
    });

    restartedAt = Date.now();
    await startRedis();
    await eventually(
      async () => (answers.some((a) => a.startedAt > restartedAt && a.status === 200) ? true : undefined),
      10_000,
      'an SDK URL after Redis is back',
    );
    stop = true;
    await senders;

    expect(answers.filter((a) => a.endedAt < killedAt).every((a) => a.status === 200)).toBe(true);
    const down = answers.filter((a) => a.startedAt > killedAt && a.endedAt < restartedAt);
    expect(down.length).toBeGreaterThan(3);
    // While down: only the documented code, answered fast, never a 500 or a hang.
    expect(new Set(down.map((a) => `${a.status} ${a.code}`))).toEqual(
      new Set(['503 COORDINATION_UNAVAILABLE']),
    );
    expect(Math.max(...down.map((a) => a.endedAt - a.startedAt))).toBeLessThan(3000);
    expect(answers.every((a) => a.status === 200 || a.code === 'COORDINATION_UNAVAILABLE')).toBe(true);
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);

    // Pushes do not need Redis: they kept being acknowledged while it was down, and each acknowledged
    // one is stored. (How many fit in the window depends on the machine's load, not on the product.)
    expect(acknowledgedAt.some((t) => t > killedAt && t < restartedAt)).toBe(true);
    const client = new pg.Client({ connectionString: world.databaseUrl });
    await client.connect();
    try {
      const stored = await client.query('select session_id from calls where session_id = any($1)', [
        acknowledged,
      ]);
      expect(stored.rowCount).toBe(acknowledged.length);
    } finally {
      await client.end();
    }
  },
  30_000,
);
