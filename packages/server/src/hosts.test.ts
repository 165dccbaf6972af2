// The product mounted into an integrator's own backend: Fastify (the plugin), Express and Koa (the
// framework-neutral handler). Each host signs its users in its own way and tells the product which
// TCCC seat a user works on; the browser never names one.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import cookie from '@fastify/cookie';
import { defaultEmulatorConfig, type Emulator, startEmulator } from '@tccc-dialer/emulator';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeatUser } from './auth/session-plugin.js';
import { type DatabaseHandle, openDatabase } from './db/database.js';
import { createTcccDialerHandler } from './handler.js';
import { tcccDialer } from './plugin.js';
import { createUpstream } from './upstream/client.js';
import type { Upstream } from './upstream/upstream.js';

const pushAuth = 'host-push:a-long-push-password';

/** The host's own users: its session token → who they are and the seat the host assigns them. */
const hostUsers: Record<string, SeatUser> = {
  'token-alice': { username: 'alice', seatUserId: 'agent@example.com', displayName: 'Alice' },
  'token-sue': { username: 'sue', seatUserId: 'supervisor@example.com', role: 'supervisor' },
};
const tokenOf = (name: string) => Object.keys(hostUsers).find((t) => hostUsers[t]?.username === name);
const hostCookie = (header: string | undefined) => /(?:^|;\s*)host_session=([^;]+)/.exec(header ?? '')?.[1];
/** What the host's own middleware attached to the request. */
const hostUserOf = (raw: IncomingMessage) =>
  (raw as IncomingMessage & { hostUser?: SeatUser | undefined }).hostUser;

interface Host {
  origin: string;
  close(): Promise<void>;
}

let emulator: Emulator;
let upstream: Upstream;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  upstream = createUpstream({
    apiEndpoint: emulator.apiEndpoint,
    secretId: defaultEmulatorConfig.secretId,
    secretKey: defaultEmulatorConfig.secretKey,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    protocol: 'http://',
    qps: 1000,
  });
});
afterAll(async () => {
  upstream.close?.();
  await emulator.close();
});

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

async function fastifyHost(db: DatabaseHandle): Promise<Host> {
  const app = Fastify();
  await app.register(cookie);
  app.post<{ Body: { name: string } }>('/login', async (req, reply) => {
    const token = tokenOf(req.body.name);
    if (token === undefined) return reply.status(401).send({ ok: false });
    return reply.setCookie('host_session', token, { path: '/', httpOnly: true }).send({ ok: true });
  });
  await app.register(tcccDialer, {
    prefix: '/dialer',
    db: db.db,
    upstream,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    pushBasicAuth: pushAuth,
    seatFor: (req) => hostUsers[req.cookies.host_session ?? ''],
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { origin, close: () => app.close() };
}

async function expressHost(db: DatabaseHandle): Promise<Host> {
  const dialer = createTcccDialerHandler({
    db: db.db,
    upstream,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    pushBasicAuth: pushAuth,
    seatFor: (req) => hostUserOf(req.raw),
  });
  const app = express();
  // The host's own authentication, before the product's routes.
  app.use((req, _res, next) => {
    (req as IncomingMessage & { hostUser?: SeatUser | undefined }).hostUser =
      hostUsers[hostCookie(req.headers.cookie) ?? ''];
    next();
  });
  app.post('/login', express.json(), (req, res) => {
    const token = tokenOf((req.body as { name: string }).name);
    if (token === undefined) res.status(401).json({ ok: false });
    else res.cookie('host_session', token, { httpOnly: true }).json({ ok: true });
  });
  app.use('/dialer', dialer);
  const server = createServer(app);
  const origin = await listen(server);
  return {
    origin,
    close: async () => {
      await new Promise((r) => server.close(r));
      await dialer.close();
    },
  };
}

async function koaHost(db: DatabaseHandle): Promise<Host> {
  const dialer = createTcccDialerHandler({
    db: db.db,
    upstream,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    pushBasicAuth: pushAuth,
    seatFor: (req) => hostUserOf(req.raw),
  });
  const app = new Koa();
  app.use(async (ctx, next) => {
    const user = hostUsers[ctx.cookies.get('host_session') ?? ''];
    (ctx.req as IncomingMessage & { hostUser?: SeatUser | undefined }).hostUser = user;
    if (ctx.method === 'POST' && ctx.path === '/login') {
      const name = new URL(ctx.href).searchParams.get('name') ?? '';
      const token = tokenOf(name);
      ctx.status = token === undefined ? 401 : 200;
      if (token !== undefined) ctx.cookies.set('host_session', token, { httpOnly: true });
      ctx.body = { ok: token !== undefined };
      return;
    }
    if (ctx.path.startsWith('/dialer/')) {
      // Koa has no mount point of its own: strip the prefix and let the handler answer.
      ctx.respond = false;
      ctx.req.url = ctx.req.url?.slice('/dialer'.length);
      await new Promise<void>((resolve) => {
        ctx.res.once('finish', resolve);
        dialer(ctx.req, ctx.res);
      });
      return;
    }
    await next();
  });
  const server = createServer(app.callback());
  const origin = await listen(server);
  return {
    origin,
    close: async () => {
      await new Promise((r) => server.close(r));
      await dialer.close();
    },
  };
}

/** A browser of the host's site: its cookie, its Origin on writes. */
function browser(origin: string) {
  let jar = '';
  return async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${origin}${path}`, {
      ...init,
      headers: {
        ...(init.method && init.method !== 'GET' ? { origin } : {}),
        ...(jar ? { cookie: jar } : {}),
        ...(init.headers as Record<string, string>),
      },
    });
    const set = res.headers.get('set-cookie');
    if (set) jar = set.split(';')[0] ?? jar;
    return res;
  };
}

const hosts = { Fastify: fastifyHost, Express: expressHost, Koa: koaHost };

for (const [name, start] of Object.entries(hosts)) {
  describe(`mounted in a ${name} host app`, () => {
    let db: DatabaseHandle;
    let host: Host;
    beforeAll(async () => {
      db = await openDatabase(':memory:');
      host = await start(db);
    });
    afterAll(async () => {
      await host.close();
      await db.close();
    });

    it('signs a user in with the host’s own auth, mints an SDK URL for the seat the host chose, and takes TCCC’s CDR push', async () => {
      const alice = browser(host.origin);
      const anonymous = await alice('/dialer/api/tccc/sdk-url', { method: 'POST' });
      expect([
        anonymous.status,
        ((await anonymous.json()) as { error: { code: string } }).error.code,
      ]).toEqual([401, 'UNAUTHENTICATED']);

      const login =
        name === 'Koa'
          ? await alice('/login?name=alice', { method: 'POST' })
          : await alice('/login', {
              method: 'POST',
              body: JSON.stringify({ name: 'alice' }),
              headers: { 'content-type': 'application/json' },
            });
      expect(login.status).toBe(200);
      const meRes = await alice('/dialer/api/me');
      const me = (await meRes.json()) as { user: unknown };
      if (meRes.status !== 200)
        console.log(name, meRes.status, JSON.stringify(me), login.headers.get('set-cookie'));
      expect(me.user).toEqual({ username: 'alice', displayName: 'Alice', role: 'agent' });

      // The body names another seat: the product never reads it.
      const minted = await alice('/dialer/api/tccc/sdk-url', {
        method: 'POST',
        body: JSON.stringify({ seatUserId: 'supervisor@example.com' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(minted.status).toBe(200);
      const { sdkUrl } = (await minted.json()) as { sdkUrl: string };
      expect(new URL(sdkUrl).searchParams.get('userid')).toBe('agent@example.com');

      emulator.push.configure({
        url: `${host.origin}/dialer/api/tccc/push?action=cdr&version=1`,
        basicAuth: pushAuth,
      });
      const [sessionId] = emulator.seedCdrs({ count: 1, seatUserId: 'agent@example.com', push: true });
      await emulator.push.idle();
      const delivered = emulator.push
        .attempts()
        .filter((a) => a.sessionId === sessionId && a.action === 'cdr');
      expect(delivered.at(-1)).toMatchObject({ ok: true, status: 200 });
      const history = (await (await alice('/dialer/api/calls')).json()) as { items: { sessionId: string }[] };
      expect(history.items.map((c) => c.sessionId)).toContain(sessionId);
      emulator.push.configure(null);
    });

    it('leaves the host’s other routes to the host', async () => {
      const res = await fetch(`${host.origin}/elsewhere`);
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).not.toMatch(/"code":"NOT_FOUND","message":"未找到/);
    });
  });
}
