import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEmulatorConfig } from '@tccc-dialer/emulator';
import { freePort, redisUrl, servicesAvailable } from '@tccc-dialer/test-support';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import type { SessionUser } from '../http/core-plugin.js';
import { tcccDialer } from '../plugin.js';
import { demoUsers, pushAuth, pushHeader, seedUsers } from '../records/test-support/records-app.js';
import { openRedis } from '../scale/redis-connection.js';
import { useEmulatorUpstream } from '../test-support/emulator-upstream.js';
import type { BoardHub } from './board-hub.js';
import { redisBoardHub } from './redis-board-hub.js';
import { emulatorSeat } from './test-support/emulator-seat.js';
import { openSse } from './test-support/sse-reader.js';

interface Row {
  username: string;
  status: string;
  restReason: string | null;
  call: { sessionId: string; phase: string; callee: string } | null;
}

const tccc = useEmulatorUpstream();

/** The product as a host mounts it, listening on a real port; `x-test-user` names the caller. */
async function boardApp(db: DatabaseHandle['db'], hub?: BoardHub, reconcileMs = 0) {
  const app = Fastify();
  await app.register(tcccDialer, {
    db,
    upstream: tccc.upstream,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    pushBasicAuth: pushAuth,
    openapi: false,
    board: { hub, reconcileMs },
    seatFor: (req) =>
      (demoUsers as Record<string, SessionUser | undefined>)[String(req.headers['x-test-user'] ?? '')],
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, origin };
}

const post = (origin: string, user: string, url: string, body: unknown) =>
  fetch(`${origin}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-user': user },
    body: JSON.stringify(body),
  });
const callEvent = (origin: string, user: string, sessionId: string, event: string, at = new Date()) =>
  post(origin, user, '/api/calls/events', {
    sessionId,
    event,
    at: at.toISOString(),
    callee: '13800138000',
    direction: 'outbound',
  });

describe('the supervisor board on one server', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let origin: string;
  const open: Array<{ close(): void }> = [];
  beforeAll(async () => {
    handle = await openDatabase(':memory:');
    await seedUsers(handle.db);
    ({ app, origin } = await boardApp(handle.db, undefined, 0));
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('is for supervisors: an agent is refused, nobody signed in is asked to sign in', async () => {
    const agent = await openSse(`${origin}/api/board/events`, { 'x-test-user': 'alice' });
    const nobody = await openSse(`${origin}/api/board/events`, {});
    open.push(agent, nobody);
    expect([agent.status, nobody.status]).toEqual([403, 401]);
    const monitor = await post(origin, 'alice', '/api/board/monitor', {});
    expect(monitor.status).toBe(403);
    expect(((await monitor.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });

  it('starts with a snapshot of every agent, then follows a call from dialling to its end', async () => {
    const board = await openSse(`${origin}/api/board/events`, { 'x-test-user': 'sue' });
    open.push(board);
    expect(board.status).toBe(200);
    expect(board.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const first = (await board.next('snapshot')) as { agents: Row[]; floor: { thisHour: unknown } };
    expect(first.agents.map((a) => [a.username, a.status, a.call])).toEqual([
      ['alice', 'offline', null],
      ['bob', 'offline', null],
    ]);
    expect(first.floor.thisHour).toEqual({ calls: 0, answered: 0 });

    expect((await callEvent(origin, 'alice', 'board-s1', 'dialing')).status).toBe(202);
    const dialing = (await board.next('agent')) as Row;
    expect([dialing.username, dialing.status, dialing.call?.phase, dialing.call?.callee]).toEqual([
      'alice',
      'busy',
      'dialing',
      '13800138000',
    ]);
    await callEvent(origin, 'alice', 'board-s1', 'connected');
    expect(((await board.next('agent')) as Row).call?.phase).toBe('connected');
    await callEvent(origin, 'alice', 'board-s1', 'ended');
    expect(((await board.next('agent')) as Row).call).toBeNull();
  });

  it('shows a status change with its rest reason, and a pushed CDR ends the call it names', async () => {
    const board = await openSse(`${origin}/api/board/events`, { 'x-test-user': 'sue' });
    open.push(board);
    await board.next('snapshot');
    const at = new Date().toISOString();
    expect(
      (await post(origin, 'bob', '/api/agent-status', { status: 'rest', reason: '午休', at })).status,
    ).toBe(200);
    expect(await board.next('agent')).toMatchObject({ username: 'bob', status: 'rest', restReason: '午休' });

    await callEvent(origin, 'bob', 'board-s2', 'dialing');
    expect(((await board.next('agent')) as Row).call?.sessionId).toBe('board-s2');
    const now = Math.floor(Date.now() / 1000);
    const pushed = await fetch(`${origin}/api/tccc/push?action=cdr&version=1`, {
      method: 'POST',
      headers: {
        authorization: pushHeader,
        'content-type': 'application/json',
        'x-tccc-push-uuid': 'board-u2',
      },
      body: JSON.stringify({
        SdkAppId: defaultEmulatorConfig.sdkAppId,
        SessionId: 'board-s2',
        Direction: 1,
        Caller: '02160000000',
        Callee: '008613800138000',
        StartTimestamp: now - 5,
        EndedTimestamp: now,
        EndStatusString: 'busy',
        SeatUser: { Mail: demoUsers.bob.seatUserId },
      }),
    });
    expect(pushed.status).toBe(200);
    expect(await board.next('agent')).toMatchObject({ username: 'bob', call: null });
  });

  it('ignores a status report that left the browser before the status the row already shows', async () => {
    const board = await openSse(`${origin}/api/board/events`, { 'x-test-user': 'sue' });
    open.push(board);
    await board.next('snapshot');
    const report = (status: string, at: number) =>
      post(origin, 'bob', '/api/agent-status', { status, at: new Date(at).toISOString() });
    const notReadyAt = Date.now();
    await report('notReady', notReadyAt);
    expect(await board.next('agent')).toMatchObject({ username: 'bob', status: 'notReady' });
    await report('free', notReadyAt - 500);
    await report('arrange', Math.max(Date.now(), notReadyAt + 1));
    // The late "free" changed nothing: the next change the board hears is the after-call work.
    expect(await board.next('agent')).toMatchObject({ username: 'bob', status: 'afterCallWork' });
  });

  it('a reconnecting board gets the whole floor again, as it stands now', async () => {
    await callEvent(origin, 'alice', 'board-s3', 'connected');
    const board = await openSse(`${origin}/api/board/events`, { 'x-test-user': 'sue' });
    open.push(board);
    const again = (await board.next('snapshot')) as { agents: Row[] };
    expect(again.agents.find((a) => a.username === 'alice')?.call).toMatchObject({
      sessionId: 'board-s3',
      phase: 'connected',
    });
    expect(again.agents.find((a) => a.username === 'bob')).toMatchObject({ call: null });
  });

  it("mints a monitor link for the supervisor's seat that opens once", async () => {
    const res = await post(origin, 'sue', '/api/board/monitor', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { url } = (await res.json()) as { url: string };
    expect(url).toContain('/saas-manage/');
    // Node's resolver does not know *.localhost (RFC 6761): the same link, by address.
    const link = url.replace('//ccc.localhost:', '//127.0.0.1:');
    const first = await fetch(link, { redirect: 'manual' });
    const second = await fetch(link, { redirect: 'manual' });
    expect([first.status, second.status]).toEqual([303, 403]);
  });
});

describe('the board corrected by TCCC', () => {
  it("takes a seat's status from DescribeStaffStatusMetrics when no browser told it", async () => {
    const handle = await openDatabase(':memory:');
    await seedUsers(handle.db);
    const { app, origin } = await boardApp(handle.db, undefined, 200);
    try {
      const board = await openSse(`${origin}/api/board/events`, { 'x-test-user': 'sue' });
      await board.next('snapshot');
      // The emulator's seat signs in and rests with a reason: only TCCC's metrics can say so.
      const seat = await emulatorSeat(tccc.emulator, tccc.upstream, demoUsers.alice.seatUserId);
      try {
        expect(await seat.post('status', { status: 'rest', restReason: '培训' })).toEqual({ status: 'rest' });
        expect(await board.next('agent', 5000)).toMatchObject({
          username: 'alice',
          status: 'rest',
          restReason: '培训',
        });
      } finally {
        seat.close();
        board.close();
      }
    } finally {
      await app.close();
      await handle.close();
    }
  });
});

const redisUp = await servicesAvailable('The shared board test', 'redis');

describe.runIf(redisUp)('the board across two servers sharing Redis', () => {
  it('an agent on one server shows on the board of the other, and a fresh board on either sees it', async () => {
    const key = `tccc-dialer-test:${crypto.randomUUID()}:board`;
    const connections = [new Redis(redisUrl), new Redis(redisUrl)];
    const hubs = connections.map((redis) => redisBoardHub({ redis, key }));
    const handle = await openDatabase(':memory:');
    await seedUsers(handle.db);
    const servers = [await boardApp(handle.db, hubs[0]), await boardApp(handle.db, hubs[1])];
    try {
      const [a, b] = servers.map((s) => s.origin) as [string, string];
      const board = await openSse(`${b}/api/board/events`, { 'x-test-user': 'sue' });
      await board.next('snapshot');
      await callEvent(a, 'alice', 'board-r1', 'ringing');
      expect(await board.next('agent')).toMatchObject({ username: 'alice', call: { phase: 'ringing' } });
      const late = await openSse(`${a}/api/board/events`, { 'x-test-user': 'sue' });
      const snap = (await late.next('snapshot')) as { agents: Row[] };
      expect(snap.agents.find((r) => r.username === 'alice')?.call?.sessionId).toBe('board-r1');
      board.close();
      late.close();
    } finally {
      for (const s of servers) await s.app.close();
      for (const h of hubs) await h.close();
      await connections[0]?.del(`${key}:agents`);
      for (const c of connections) await c.quit();
      await handle.close();
    }
  });
});

const redisServerUp = await servicesAvailable('The board Redis outage test', 'redis-server');

describe.runIf(redisServerUp)('the board when Redis goes away', () => {
  it('tells the board it is stale, and sends the whole floor again when Redis is back', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'board-redis-'));
    let server: ChildProcess | undefined;
    const start = async () => {
      server = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        { stdio: 'ignore' },
      );
      const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
      probe.on('error', () => undefined);
      for (;;) {
        const up = await probe.connect().then(
          () => probe.ping(),
          () => undefined,
        );
        if (up === 'PONG') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      probe.disconnect();
    };
    await start();
    const redis = openRedis(`redis://127.0.0.1:${port}`);
    await redis.connect();
    const hub = redisBoardHub({ redis, key: 'board-outage:board' });
    const handle = await openDatabase(':memory:');
    await seedUsers(handle.db);
    const { app, origin } = await boardApp(handle.db, hub);
    try {
      const board = await openSse(`${origin}/api/board/events`, { 'x-test-user': 'sue' });
      await board.next('snapshot');
      await new Promise((resolve) => {
        server?.once('exit', resolve);
        server?.kill('SIGKILL');
      });
      expect(await board.next('stale', 5000)).toEqual({ reason: 'redis' });
      // Meanwhile the agent's events are still taken (the board is a view, never in the way).
      expect((await callEvent(origin, 'alice', 'board-o1', 'dialing')).status).toBe(202);
      await start();
      const again = (await board.next('snapshot', 10_000)) as { agents: Row[] };
      expect(again.agents.map((a) => a.username)).toEqual(['alice', 'bob']);
      await callEvent(origin, 'alice', 'board-o2', 'connected');
      expect(await board.next('agent', 5000)).toMatchObject({
        username: 'alice',
        call: { sessionId: 'board-o2' },
      });
      board.close();
    } finally {
      await app.close();
      await hub.close();
      redis.disconnect();
      server?.kill('SIGKILL');
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
