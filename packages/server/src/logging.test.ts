// Every log line the app writes during sign-ins, SDK URLs and upstream failures, scanned for secrets.
import { defaultEmulatorConfig } from '@tccc-dialer/emulator';
import { afterEach, expect, it } from 'vitest';
import { type Harness, startHarness } from './test-support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

it('no SecretKey, token, sdkUrl query, password or cookie appears in any log line', async () => {
  h = await startHarness({ upstream: { maxAttempts: 2 } });
  const secrets: Record<string, string> = {
    secretKey: defaultEmulatorConfig.secretKey,
    password: 'tccc-demo',
    'wrong password': 'Wr0ng-Passw0rd!',
  };

  const cookies = await h.signIn('agent');
  secrets.cookie = cookies.tccc_session;
  await h.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username: 'agent2', password: 'Wr0ng-Passw0rd!' },
  });
  const ok = await h.sdkUrl(cookies, { headers: { 'x-request-note': 'first' } });
  const sdkUrl = new URL(ok.json().sdkUrl);
  secrets['sdkUrl query'] = sdkUrl.search.slice(1);
  secrets.token = sdkUrl.searchParams.get('token') ?? 'no token in the URL';
  // Upstream failures whose messages echo credentials must not echo them into our log either.
  h.emulator.faults.api({
    action: 'CreateSDKLoginToken',
    count: 1,
    error: { code: 'AuthFailure.SignatureFailure', message: `bad key ${defaultEmulatorConfig.secretKey}` },
  });
  await h.sdkUrl(cookies);
  h.emulator.faults.api({
    action: 'CreateSDKLoginToken',
    count: 2,
    error: { code: 'RequestLimitExceeded', message: 'limit' },
  });
  await h.sdkUrl(cookies);
  // Secrets in places a careless client puts them: the query string, headers.
  await h.app.inject({
    method: 'GET',
    url: `/api/me?token=${sdkUrl.searchParams.get('token') ?? 'x'}&password=tccc-demo`,
    cookies,
    headers: { authorization: 'Bearer tccc-demo' },
  });

  const text = h.logs.join('');
  expect(h.logs.length).toBeGreaterThan(10);
  // The log is useful: request ids, the upstream attempts with TCCC's codes.
  expect(text).toContain('"reqId"');
  expect(text).toContain('RequestLimitExceeded');
  expect(text).toContain('AuthFailure.SignatureFailure');
  for (const [what, secret] of Object.entries(secrets))
    expect(text.includes(secret), `the log contains the ${what}`).toBe(false);
});

it('removing a number from the do-not-call list logs the route, not the number', async () => {
  const { openDatabase } = await import('./db/database.js');
  const handle = await openDatabase(':memory:');
  try {
    h = await startHarness({ app: { db: handle.db } });
    const cookies = await h.signIn('supervisor');
    const phone = '13800138077';
    const added = await h.app.inject({
      method: 'POST',
      url: '/api/dnc',
      cookies,
      payload: { phone, reason: 'asked' },
    });
    expect(added.statusCode).toBe(200);
    const removed = await h.app.inject({
      method: 'DELETE',
      url: `/api/dnc/${phone}?reason=opted-in`,
      cookies,
    });
    expect(removed.statusCode).toBe(200);
    const lines = h.logs.join('\n');
    expect(lines).toContain('/api/dnc/:phone');
    expect(lines).not.toContain(phone);
  } finally {
    await h?.close();
    h = undefined;
    await handle.close();
  }
});
