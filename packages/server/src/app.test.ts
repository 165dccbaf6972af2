// The HTTP API in-process (inject), with the upstream talking to the real emulator over HTTP.
import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from './auth/accounts.js';
import { createSessionCodec } from './auth/session-codec.js';
import { createMemorySessionStore } from './auth/session-store.js';
import {
  type Harness,
  type HarnessOptions,
  startHarness,
  testSessionSecret,
} from './test-support/harness.js';

let emulator: Emulator;
const open: Harness[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimitPerSecond: 1000 });
});
afterEach(async () => {
  emulator.faults.clear();
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await emulator.close();
});

async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness({ emulator, ...options });
  open.push(h);
  return h;
}

const fault = (f: Parameters<Emulator['faults']['api']>[0]) => emulator.faults.api(f);
const upstreamCalls = () => emulator.stats().requests.CreateSDKLoginToken ?? 0;

describe('sign-in and sessions', () => {
  it('signs in, reports the user, signs out', async () => {
    const h = await harness();
    expect((await h.app.inject({ method: 'GET', url: '/api/me' })).json().error.code).toBe('UNAUTHENTICATED');
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'agent2', password: 'tccc-demo' },
    });
    const cookie = res.cookies.find((c) => c.name === 'tccc_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const cookies = { tccc_session: cookie?.value ?? '' };
    const me = await h.app.inject({ method: 'GET', url: '/api/me', cookies });
    expect(me.json()).toEqual({ user: { username: 'agent2', displayName: 'Second Agent', role: 'agent' } });
    const out = await h.app.inject({ method: 'DELETE', url: '/api/session', cookies });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'tccc_session')?.value).toBe('');
  });

  it('sets Secure on the cookie under HTTPS (behind a trusted proxy)', async () => {
    const h = await harness({ app: { trustProxy: ['127.0.0.1'] } });
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username: 'agent', password: 'tccc-demo' },
    });
    expect(res.cookies.find((c) => c.name === 'tccc_session')?.secure).toBe(true);
  });

  it('refuses a wrong password, an unknown user and a disabled user alike (INVALID_CREDENTIALS)', async () => {
    const h = await harness();
    await h.store.update('agent2', { disabled: true });
    for (const [username, password] of [
      ['agent', 'nope'],
      ['nobody', 'tccc-demo'],
      ['agent2', 'tccc-demo'],
    ]) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username, password },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
    }
  });

  it('locks a username after 5 failures (SIGN_IN_LOCKED + Retry-After), even for the right password', async () => {
    const h = await harness();
    const attempt = (password: string) =>
      h.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'agent', password } });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).statusCode).toBe(401);
    const locked = await attempt('tccc-demo');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('SIGN_IN_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Other users are unaffected.
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: '/api/session',
          payload: { username: 'agent2', password: 'tccc-demo' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('rate-limits sign-in per username (RATE_LIMITED + Retry-After)', async () => {
    const h = await harness({ app: { limits: { signInPerMinute: 2 } } });
    await h.signIn('agent');
    await h.signIn('agent');
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'agent', password: 'tccc-demo' },
    });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('ends sessions at once when the user is disabled, and when the cookie expires or is forged', async () => {
    let now = Date.now();
    const h = await harness({ app: { now: () => now, sessionTtlSeconds: 60 } });
    const cookies = await h.signIn('agent');
    expect((await h.app.inject({ method: 'GET', url: '/api/me', cookies })).statusCode).toBe(200);
    now += 61_000;
    expect((await h.app.inject({ method: 'GET', url: '/api/me', cookies })).statusCode).toBe(401);
    now -= 61_000;
    const forged = `${cookies.tccc_session.slice(0, -4)}AAAA`;
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/me', cookies: { tccc_session: forged } })).statusCode,
    ).toBe(401);
    await h.store.update('agent', { disabled: true });
    expect((await h.app.inject({ method: 'GET', url: '/api/me', cookies })).json().error.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('rotates keys: a cookie sealed with the previous secret still works and is re-sealed with the new one', async () => {
    const oldSecret = 'the-old-session-secret-0123456789abcdef';
    const sessionStore = createMemorySessionStore();
    const before = await harness({ app: { sessionSecret: oldSecret, sessionStore } });
    const old = (await before.signIn('agent')).tccc_session;
    const rotated = await harness({ app: { previousSessionSecret: oldSecret, sessionStore } });
    const me = await rotated.app.inject({ method: 'GET', url: '/api/me', cookies: { tccc_session: old } });
    expect(me.statusCode).toBe(200);
    const fresh = me.cookies.find((c) => c.name === 'tccc_session')?.value ?? '';
    const reopened = createSessionCodec(testSessionSecret).open(fresh, Date.now());
    // The same session, re-sealed: it still ends on sign-out.
    expect(reopened?.sid).toBe(createSessionCodec(oldSecret).open(old, Date.now())?.sid);
    // Without the previous key configured, the old cookie is refused.
    const plain = await harness({ app: { sessionStore } });
    expect(
      (await plain.app.inject({ method: 'GET', url: '/api/me', cookies: { tccc_session: old } })).statusCode,
    ).toBe(401);
  });

  it('refuses a sealed cookie that names no open session (forged from a leaked key, or signed out)', async () => {
    const h = await harness();
    const cookies = await h.signIn('agent');
    const sealed = createSessionCodec(testSessionSecret).seal({
      sid: 'no-such-session',
      username: 'agent',
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const me = (tccc_session: string) =>
      h.app.inject({ method: 'GET', url: '/api/me', cookies: { tccc_session } });
    expect((await me(sealed)).statusCode).toBe(401);
    // The session id of another user's cookie does not carry over to a different username.
    const sid = createSessionCodec(testSessionSecret).open(cookies.tccc_session, Date.now())?.sid ?? '';
    const swapped = createSessionCodec(testSessionSecret).seal({
      sid,
      username: 'supervisor',
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    expect((await me(swapped)).statusCode).toBe(401);
    expect((await me(cookies.tccc_session)).statusCode).toBe(200);
  });

  it('ends a session after SESSION_IDLE_MINUTES without a request, and keeps an active one', async () => {
    let now = Date.now();
    const h = await harness({ app: { now: () => now, sessionIdleSeconds: 600 } });
    const cookies = await h.signIn('agent');
    const me = () => h.app.inject({ method: 'GET', url: '/api/me', cookies });
    for (let i = 0; i < 4; i++) {
      now += 400_000;
      expect((await me()).statusCode).toBe(200);
    }
    now += 601_000;
    expect((await me()).statusCode).toBe(401);
    now += 1000;
    expect((await me()).statusCode).toBe(401);
  });
});

describe('SDK URL', () => {
  it('issues a URL for the own seat with Cache-Control: no-store', async () => {
    const h = await harness();
    const res = await h.sdkUrl(await h.signIn('agent2'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'sdkUrl']);
    expect(new URL(body.sdkUrl).searchParams.get('userid')).toBe('agent2@example.com');
  });

  it('seat isolation: no parameter, query, header or body gets another seat’s URL', async () => {
    const h = await harness({ app: { limits: { sdkUrlPerMinute: 1000 } } });
    const cookies = await h.signIn('agent');
    const other = 'agent2@example.com';
    const variants = [
      { payload: { seatUserId: other } },
      { payload: { SeatUserId: other, userId: other, username: 'agent2', user: { seatUserId: other } } },
      { query: { seatUserId: other, SeatUserId: other, userid: other, username: 'agent2' } },
      { url: `/api/tccc/sdk-url?seatUserId=${encodeURIComponent(other)}&seatUserId=x` },
      {
        headers: {
          'x-seat-user-id': other,
          'x-forwarded-user': 'agent2',
          'x-user': 'agent2',
          'accept-language': 'en-US',
        },
      },
      {
        payload: `seatUserId=${encodeURIComponent(other)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      {
        payload: JSON.stringify({
          __proto__: { seatUserId: other },
          constructor: { prototype: { seatUserId: other } },
        }),
        headers: { 'content-type': 'application/json' },
      },
    ];
    for (const v of variants) {
      const res = await h.sdkUrl(cookies, v);
      if (res.statusCode === 200)
        expect(new URL(res.json().sdkUrl).searchParams.get('userid')).toBe('agent@example.com');
      else expect(res.statusCode).toBeLessThan(500);
    }
    // And agent2's own cookie is the only way to agent2's seat.
    const theirs = await h.sdkUrl(await h.signIn('agent2'));
    expect(new URL(theirs.json().sdkUrl).searchParams.get('userid')).toBe(other);
  });

  it('10 concurrent requests from one agent make one upstream call', async () => {
    const h = await harness();
    const cookies = await h.signIn('agent');
    fault({ action: 'CreateSDKLoginToken', count: 1, delayMs: 150 });
    const before = upstreamCalls();
    const all = await Promise.all(Array.from({ length: 10 }, () => h.sdkUrl(cookies)));
    expect(all.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(upstreamCalls() - before).toBe(1);
  });

  it('rate-limits SDK URLs per user (RATE_LIMITED + Retry-After)', async () => {
    const h = await harness({ app: { limits: { sdkUrlPerMinute: 2 } } });
    const cookies = await h.signIn('agent');
    expect((await h.sdkUrl(cookies)).statusCode).toBe(200);
    expect((await h.sdkUrl(cookies)).statusCode).toBe(200);
    const res = await h.sdkUrl(cookies);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('RATE_LIMITED');
    expect(res.headers['retry-after']).toBeDefined();
    expect((await h.sdkUrl(await h.signIn('agent2'))).statusCode).toBe(200);
  });

  const upstreamCases: Array<{
    name: string;
    fault?: Parameters<Emulator['faults']['api']>[0];
    user?: string;
    status: number;
    code: string;
    retryAfter?: boolean;
    upstream?: HarnessOptions['upstream'];
  }> = [
    {
      name: 'AuthFailure',
      fault: {
        action: 'CreateSDKLoginToken',
        count: 9,
        error: {
          code: 'AuthFailure.SignatureFailure',
          message: 'The provided credentials could not be validated. SecretKey=…',
        },
      },
      status: 502,
      code: 'UPSTREAM_AUTH_FAILED',
    },
    {
      name: 'AccountNotExist (a user mapped to a seat TCCC does not have)',
      user: 'ghost',
      status: 409,
      code: 'SEAT_NOT_FOUND',
    },
    {
      name: 'RequestLimitExceeded on every retry',
      fault: {
        action: 'CreateSDKLoginToken',
        count: 99,
        error: { code: 'RequestLimitExceeded', message: 'limit' },
      },
      status: 503,
      code: 'UPSTREAM_RATE_LIMITED',
      retryAfter: true,
    },
    {
      name: 'a delay past the deadline',
      fault: { action: 'CreateSDKLoginToken', count: 9, delayMs: 1000 },
      status: 504,
      code: 'UPSTREAM_TIMEOUT',
      upstream: { attemptTimeoutMs: 100, deadlineMs: 300 },
    },
    {
      name: 'HTTP 503 from upstream',
      fault: {
        action: 'CreateSDKLoginToken',
        count: 99,
        httpStatus: 503,
        error: { code: 'InternalError', message: 'x' },
      },
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
    },
    {
      name: 'a malformed body',
      fault: { action: 'CreateSDKLoginToken', count: 9, malformed: true },
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
    },
    {
      name: 'a bad SdkAppId (InstanceNotExist)',
      fault: {
        action: 'CreateSDKLoginToken',
        count: 9,
        error: { code: 'InvalidParameterValue.InstanceNotExist', message: 'x' },
      },
      status: 502,
      code: 'UPSTREAM_REJECTED',
    },
  ];
  for (const c of upstreamCases) {
    it(`maps ${c.name} to ${c.code} (${c.status}) with a body that leaks nothing`, async () => {
      const h = await harness({ upstream: { maxAttempts: 3, ...c.upstream } });
      const cookies = await h.signIn(c.user ?? 'agent');
      if (c.fault !== undefined) fault(c.fault);
      const res = await h.sdkUrl(cookies);
      expect(res.statusCode).toBe(c.status);
      const body = res.json();
      expect(body.error).toMatchObject({ code: c.code, requestId: expect.any(String) });
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'requestId']);
      expect(res.headers['retry-after'] !== undefined).toBe(c.retryAfter === true);
      expect(res.body).not.toMatch(/SecretKey|credentials could not|InternalError|AccountNotExist|stack/);
    });
  }

  it('answers UPSTREAM_RATE_LIMITED with Retry-After when the quota queue is longer than the deadline', async () => {
    const h = await harness({ upstream: { qps: 2, deadlineMs: 600 } });
    const users = ['agent', 'agent2', 'supervisor'];
    const cookies = await Promise.all(users.map((u) => h.signIn(u)));
    const before = upstreamCalls();
    const res = await Promise.all(cookies.map((c) => h.sdkUrl(c)));
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 200, 503]);
    const refused = res.find((r) => r.statusCode === 503);
    expect(refused?.json().error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Refused in our queue: the upstream never saw the third call.
    expect(upstreamCalls() - before).toBe(2);
  });

  it('connection refused → UPSTREAM_UNAVAILABLE', async () => {
    const h = await harness({ upstream: { apiEndpoint: 'ccc.localhost:1', maxAttempts: 2 } });
    const res = await h.sdkUrl(await h.signIn());
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});

describe('security', () => {
  it('every /api route except sign-in needs a session', async () => {
    const h = await harness();
    for (const [method, url] of [
      ['GET', '/api/me'],
      ['POST', '/api/tccc/sdk-url'],
    ] as const) {
      const res = await h.app.inject({ method, url });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a foreign-Origin POST and a cross-site fetch, but serves same-origin and listed origins', async () => {
    const h = await harness({ app: { publicOrigins: ['https://dialer.example.com'] } });
    const cookies = await h.signIn();
    const post = (headers: Record<string, string>) => h.sdkUrl(cookies, { headers });
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'https://dialer.example.com.evil.example' },
    ]) {
      const res = await post(headers);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN_ORIGIN');
    }
    expect((await post({ origin: 'https://dialer.example.com' })).statusCode).toBe(200);
    const signIn = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { origin: 'https://evil.example' },
      payload: { username: 'agent', password: 'tccc-demo' },
    });
    expect(signIn.json().error.code).toBe('FORBIDDEN_ORIGIN');
  });

  it('without PUBLIC_ORIGIN allows same-host writes only from loopback hosts (DNS rebinding)', async () => {
    const h = await harness();
    const signIn = (host: string) =>
      h.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { host, origin: `http://${host}` },
        payload: { username: 'agent', password: 'tccc-demo' },
      });
    // A rebinding page at attacker.example resolves to this server: Host and Origin agree, both its own.
    for (const host of ['attacker.example:3000', 'dialer.example.com', '10.0.0.5:3000']) {
      const res = await signIn(host);
      expect([res.statusCode, res.json().error.code]).toEqual([403, 'FORBIDDEN_ORIGIN']);
    }
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'ccc.localhost:3000'])
      expect((await signIn(host)).statusCode).toBe(200);
  });

  it('sends helmet headers and a CSP that allows the SDK origins for script and connect, and nothing else', async () => {
    const h = await harness({ app: { sdkOrigins: ['https://tccc.qcloud.com', 'wss://tccc.qcloud.com'] } });
    const res = await h.app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(res.headers['content-security-policy']);
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `))
        ?.split(' ')
        .slice(1);
    expect(directive('script-src')).toEqual(["'self'", 'https://tccc.qcloud.com']);
    expect(directive('connect-src')).toEqual(["'self'", 'https://tccc.qcloud.com', 'wss://tccc.qcloud.com']);
    expect(directive('default-src')).toEqual(["'self'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('limits bodies and content types, and rejects bad JSON as INVALID_REQUEST', async () => {
    const h = await harness({ app: { bodyLimit: 1024 } });
    const big = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'a', password: 'x'.repeat(2000) },
    });
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const xml = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect([xml.statusCode, xml.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    for (const payload of [
      '{',
      '[]',
      '{"username":1,"password":"x"}',
      '{"username":"a"}',
      'null',
      '{"username":"","password":"x"}',
    ]) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'INVALID_REQUEST']);
    }
  });

  it('answers an unknown route with NOT_FOUND and a crash with a generic INTERNAL body', async () => {
    const h = await harness();
    expect((await h.app.inject({ method: 'GET', url: '/api/nope' })).json().error.code).toBe('NOT_FOUND');
    const app = (await import('./app.js')).buildApp({
      upstream: h.upstream,
      store: h.store,
      sessionSecret: testSessionSecret,
    });
    app.get('/boom', async () => {
      throw new Error('database password is hunter2');
    });
    const res = await app.inject({ method: 'GET', url: '/boom', headers: { 'accept-language': 'en-US' } });
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toMatchObject({ code: 'INTERNAL', message: 'Internal server error.' });
    expect(res.body).not.toContain('hunter2');
    await app.close();
  });

  it('speaks zh-CN by default and en-US on request', async () => {
    const h = await harness();
    expect((await h.app.inject({ method: 'GET', url: '/api/me' })).json().error.message).toBe('请先登录。');
    expect(
      (
        await h.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: { 'accept-language': 'en-US,en;q=0.9' },
        })
      ).json().error.message,
    ).toBe('Please sign in first.');
  });

  it('/healthz and /readyz answer', async () => {
    const h = await harness();
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ ok: true });
    expect((await h.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('header auth mode', () => {
  it('believes the proxy header only from TRUST_PROXY addresses', async () => {
    const h = await harness({
      app: { auth: { mode: 'header', header: 'x-forwarded-user' }, trustProxy: ['10.0.0.5'] },
    });
    const fromProxy = await h.app.inject({
      method: 'GET',
      url: '/api/me',
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-user': 'agent2' },
    });
    expect(fromProxy.json().user.username).toBe('agent2');
    const direct = await h.app.inject({
      method: 'GET',
      url: '/api/me',
      remoteAddress: '10.0.0.6',
      headers: { 'x-forwarded-user': 'agent2' },
    });
    expect(direct.statusCode).toBe(401);
    // X-Forwarded-For cannot make a stranger look like the proxy.
    const spoofed = await h.app.inject({
      method: 'GET',
      url: '/api/me',
      remoteAddress: '10.0.0.6',
      headers: { 'x-forwarded-user': 'agent2', 'x-forwarded-for': '10.0.0.5' },
    });
    expect(spoofed.statusCode).toBe(401);
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-user': 'stranger' },
    });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([403, 'ACCOUNT_NOT_FOUND']);
    const session = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-user': 'agent' },
    });
    expect(session.json().user.username).toBe('agent');
    // When the proxy names someone else, the proxy wins over the old cookie.
    const cookie = session.cookies.find((c) => c.name === 'tccc_session')?.value ?? '';
    const switched = await h.app.inject({
      method: 'GET',
      url: '/api/me',
      remoteAddress: '10.0.0.5',
      cookies: { tccc_session: cookie },
      headers: { 'x-forwarded-user': 'agent2' },
    });
    expect(switched.json().user.username).toBe('agent2');
    // Password sign-in is not a thing in header mode.
    await h.store.update('agent', { passwordHash: hashPassword('tccc-demo') });
    const pw = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      remoteAddress: '10.0.0.6',
      payload: { username: 'agent', password: 'tccc-demo' },
    });
    expect(pw.statusCode).toBe(401);
  });
});
