import { defaultEmulatorConfig, type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryAccountStore, seedDemoAccounts } from './accounts.js';
import { buildApp } from './app.js';
import { createUpstream } from './upstream.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
});

async function makeApp(secretKey = defaultEmulatorConfig.secretKey) {
  const store = createMemoryAccountStore();
  await seedDemoAccounts(store);
  const upstream = createUpstream({
    apiEndpoint: emulator.apiEndpoint,
    secretId: defaultEmulatorConfig.secretId,
    secretKey,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    protocol: 'http://',
  });
  return buildApp({ upstream, store, sessionSecret: 'test-secret-test-secret-test-secret' });
}

async function signIn(app: Awaited<ReturnType<typeof makeApp>>, username = 'agent') {
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password: 'tccc-demo' },
  });
  expect(res.statusCode).toBe(200);
  const c = res.cookies.find((x) => x.name === 'tccc_session');
  if (c === undefined) throw new Error('no session cookie');
  return { tccc_session: c.value };
}

describe('thin path', () => {
  it('signs in, reports the user and issues an SDK URL for the own seat only', async () => {
    const app = await makeApp();
    expect((await app.inject({ method: 'GET', url: '/api/me' })).json().error.code).toBe('UNAUTHENTICATED');
    const cookies = await signIn(app, 'agent2');
    const me = await app.inject({ method: 'GET', url: '/api/me', cookies });
    expect(me.json().user).toEqual({ username: 'agent2', displayName: 'Second Agent', role: 'agent' });
    const res = await app.inject({
      method: 'POST',
      url: '/api/tccc/sdk-url?seatUserId=agent@example.com',
      cookies,
      payload: { seatUserId: 'agent@example.com' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { sdkUrl, expiresAt } = res.json();
    expect(new URL(sdkUrl).searchParams.get('userid')).toBe('agent2@example.com');
    expect(Number.isNaN(Date.parse(expiresAt))).toBe(false);
  });

  it('refuses wrong passwords and foreign origins', async () => {
    const app = await makeApp();
    const bad = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'agent', password: 'x' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('INVALID_CREDENTIALS');
    const cookies = await signIn(app);
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/tccc/sdk-url',
      cookies,
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('FORBIDDEN_ORIGIN');
  });

  it('turns a refused signature into UPSTREAM_AUTH_FAILED (502) instead of crashing', async () => {
    const app = await makeApp('wrongSecretKeyWrongSecretKey0000');
    const cookies = await signIn(app);
    const res = await app.inject({
      method: 'POST',
      url: '/api/tccc/sdk-url',
      cookies,
      headers: { 'accept-language': 'en-US' },
    });
    expect(res.statusCode).toBe(502);
    expect(res.json().error.code).toBe('UPSTREAM_AUTH_FAILED');
    expect(res.body).not.toContain('Signature');
  });
});
