// The upstream client against the real emulator over HTTP: every failure kind maps to its code,
// only the retryable are retried (and boundedly), concurrent calls per seat coalesce, and the pacer
// keeps the upstream under its quota.
import { createServer } from 'node:net';
import { defaultEmulatorConfig, type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamAttempt, UpstreamOptions } from './client.js';
import { createUpstream } from './client.js';
import type { Pacer } from './pacer.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimitPerSecond: 1000 });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.faults.clear();
});

function make(options: Partial<UpstreamOptions> = {}) {
  const attempts: UpstreamAttempt[] = [];
  const upstream = createUpstream({
    apiEndpoint: emulator.apiEndpoint,
    secretId: defaultEmulatorConfig.secretId,
    secretKey: defaultEmulatorConfig.secretKey,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    protocol: 'http://',
    qps: 1000,
    retryBaseDelayMs: 10,
    ...options,
    onAttempt: (a) => attempts.push(a),
  });
  return { upstream, attempts };
}

const calls = (action = 'CreateSDKLoginToken') => emulator.stats().requests[action] ?? 0;

describe('upstream error mapping (emulator faults)', () => {
  it('issues a URL for an existing seat', async () => {
    const { upstream } = make();
    const login = await upstream.createSdkLogin('agent@example.com');
    expect(new URL(login.sdkUrl).searchParams.get('userid')).toBe('agent@example.com');
    expect(Date.parse(login.expiresAt)).toBeGreaterThan(Date.now());
    upstream.close?.();
  });

  it('AuthFailure → UPSTREAM_AUTH_FAILED after one call (not retried)', async () => {
    const { upstream, attempts } = make();
    emulator.faults.api({
      action: 'CreateSDKLoginToken',
      count: 5,
      error: { code: 'AuthFailure.SignatureFailure', message: 'bad signature' },
    });
    await expect(upstream.createSdkLogin('agent@example.com')).rejects.toMatchObject({
      code: 'UPSTREAM_AUTH_FAILED',
      status: 502,
    });
    expect(attempts).toHaveLength(1);
    upstream.close?.();
  });

  it('a wrong SecretKey is refused by the emulator itself → UPSTREAM_AUTH_FAILED', async () => {
    const { upstream } = make({ secretKey: 'wrongSecretKeyWrongSecretKey0000' });
    await expect(upstream.createSdkLogin('agent@example.com')).rejects.toMatchObject({
      code: 'UPSTREAM_AUTH_FAILED',
    });
    upstream.close?.();
  });

  it('AccountNotExist → SEAT_NOT_FOUND after one call', async () => {
    const { upstream, attempts } = make();
    await expect(upstream.createSdkLogin('nobody@example.com')).rejects.toMatchObject({
      code: 'SEAT_NOT_FOUND',
    });
    expect(attempts.map((a) => a.upstreamCode)).toEqual(['InvalidParameterValue.AccountNotExist']);
    upstream.close?.();
  });

  it('RequestLimitExceeded twice, then success: retried and served', async () => {
    const { upstream, attempts } = make();
    emulator.faults.api({
      action: 'CreateSDKLoginToken',
      count: 2,
      error: { code: 'RequestLimitExceeded', message: 'slow down' },
    });
    const login = await upstream.createSdkLogin('agent@example.com');
    expect(new URL(login.sdkUrl).searchParams.get('userid')).toBe('agent@example.com');
    expect(attempts.map((a) => a.outcome)).toEqual(['UPSTREAM_RATE_LIMITED', 'UPSTREAM_RATE_LIMITED', 'ok']);
    upstream.close?.();
  });

  it('RequestLimitExceeded forever → UPSTREAM_RATE_LIMITED with Retry-After after exactly maxAttempts calls', async () => {
    const { upstream, attempts } = make({ maxAttempts: 3 });
    emulator.faults.api({
      action: 'CreateSDKLoginToken',
      count: 100,
      error: { code: 'RequestLimitExceeded', message: 'slow down' },
    });
    const before = calls();
    await expect(upstream.createSdkLogin('agent@example.com')).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      retryAfterSeconds: 1,
    });
    expect(calls() - before).toBe(3);
    expect(attempts).toHaveLength(3);
    upstream.close?.();
  });

  it('retries stop at the deadline even when attempts remain', async () => {
    const { upstream, attempts } = make({ maxAttempts: 50, deadlineMs: 1000, retryBaseDelayMs: 50 });
    emulator.faults.api({
      action: 'CreateSDKLoginToken',
      count: 100,
      error: { code: 'RequestLimitExceeded', message: 'slow down' },
    });
    const started = Date.now();
    await expect(upstream.createSdkLogin('agent@example.com')).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
    });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts.length).toBeLessThan(50);
    upstream.close?.();
  });

  it('HTTP 500 once is retried; HTTP 502 forever → UPSTREAM_UNAVAILABLE after maxAttempts', async () => {
    const { upstream, attempts } = make({ maxAttempts: 3 });
    emulator.faults.api({
      action: 'CreateSDKLoginToken',
      count: 1,
      httpStatus: 500,
      error: { code: 'InternalError', message: 'boom' },
    });
    await expect(upstream.createSdkLogin('agent@example.com')).resolves.toHaveProperty('sdkUrl');
    expect(attempts.map((a) => a.outcome)).toEqual(['UPSTREAM_UNAVAILABLE', 'ok']);
    attempts.length = 0;
    emulator.faults.api({
      action: 'CreateSDKLoginToken',
      count: 100,
      httpStatus: 502,
      error: { code: 'InternalError', message: 'boom' },
    });
    await expect(upstream.createSdkLogin('agent@example.com')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      status: 503,
    });
    expect(attempts).toHaveLength(3);
    upstream.close?.();
  });

  it('a malformed body → UPSTREAM_UNAVAILABLE without a retry', async () => {
    const { upstream, attempts } = make();
    emulator.faults.api({ action: 'CreateSDKLoginToken', count: 5, malformed: true });
    await expect(upstream.createSdkLogin('agent@example.com')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    expect(attempts).toHaveLength(1);
    upstream.close?.();
  });

  it('a slow answer → UPSTREAM_TIMEOUT within the deadline', async () => {
    const { upstream, attempts } = make({ attemptTimeoutMs: 150, deadlineMs: 500, maxAttempts: 2 });
    emulator.faults.api({ action: 'CreateSDKLoginToken', count: 2, delayMs: 1500 });
    const started = Date.now();
    await expect(upstream.createSdkLogin('agent@example.com')).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      status: 504,
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(attempts.map((a) => a.outcome)).toEqual(['UPSTREAM_TIMEOUT', 'UPSTREAM_TIMEOUT']);
    upstream.close?.();
  });

  it('a timed-out attempt whose retry gets its quota slot too late still answers UPSTREAM_TIMEOUT', async () => {
    // The second slot arrives 20 ms before the deadline: not worth a call, and the caller should hear
    // the timeout that really happened, not a quota refusal.
    let acquired = 0;
    const lateSecondSlot: Pacer = {
      async acquire(maxWaitMs) {
        acquired += 1;
        if (acquired > 1) await new Promise((r) => setTimeout(r, Math.max(0, maxWaitMs - 20)));
        return () => {};
      },
      close() {},
    };
    const { upstream, attempts } = make({
      pacer: lateSecondSlot,
      attemptTimeoutMs: 100,
      deadlineMs: 400,
      maxAttempts: 3,
    });
    emulator.faults.api({ action: 'CreateSDKLoginToken', count: 3, delayMs: 1000 });
    await expect(upstream.createSdkLogin('agent@example.com')).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      status: 504,
    });
    expect(attempts.map((a) => a.outcome)).toEqual(['UPSTREAM_TIMEOUT']);
    upstream.close?.();
  });

  it('connection refused → UPSTREAM_UNAVAILABLE after bounded retries', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const { upstream, attempts } = make({ apiEndpoint: `ccc.localhost:${port}`, maxAttempts: 3 });
    await expect(upstream.createSdkLogin('agent@example.com')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    expect(attempts.map((a) => a.outcome)).toEqual([
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_UNAVAILABLE',
    ]);
    upstream.close?.();
  });

  it('request() runs any action through the same path and resolves the Response object', async () => {
    const { upstream, attempts } = make();
    const res = await upstream.request<{ RequestId?: string }>('CreateSDKLoginToken', {
      SdkAppId: defaultEmulatorConfig.sdkAppId,
      SeatUserId: 'agent@example.com',
    });
    expect(typeof res.RequestId).toBe('string');
    emulator.faults.api({
      action: 'DescribeTelCdr',
      count: 1,
      error: { code: 'AuthFailure.SecretIdNotFound', message: 'x' },
    });
    await expect(
      upstream.request('DescribeTelCdr', { SdkAppId: defaultEmulatorConfig.sdkAppId }),
    ).rejects.toMatchObject({
      code: 'UPSTREAM_AUTH_FAILED',
    });
    expect(attempts.map((a) => a.action)).toEqual(['CreateSDKLoginToken', 'DescribeTelCdr']);
    upstream.close?.();
  });
});

describe('coalescing', () => {
  it('10 concurrent requests for one seat make one upstream call and share its URL', async () => {
    const { upstream } = make();
    emulator.faults.api({ action: 'CreateSDKLoginToken', count: 1, delayMs: 150 });
    const before = calls();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => upstream.createSdkLogin('agent@example.com')),
    );
    expect(calls() - before).toBe(1);
    expect(new Set(results.map((r) => r.sdkUrl)).size).toBe(1);
    // Nothing is cached afterwards: the next request makes a fresh call with a fresh URL.
    const next = await upstream.createSdkLogin('agent@example.com');
    expect(calls() - before).toBe(2);
    expect(next.sdkUrl).not.toBe(results[0]?.sdkUrl);
    upstream.close?.();
  });

  it('different seats are never coalesced', async () => {
    const { upstream } = make();
    const [a, b] = await Promise.all([
      upstream.createSdkLogin('agent@example.com'),
      upstream.createSdkLogin('agent2@example.com'),
    ]);
    expect(new URL(a.sdkUrl).searchParams.get('userid')).toBe('agent@example.com');
    expect(new URL(b.sdkUrl).searchParams.get('userid')).toBe('agent2@example.com');
    upstream.close?.();
  });
});

describe('pacing', () => {
  it('with TCCC_API_QPS=10 the upstream never sees more than 10 calls in any 1-s window', async () => {
    const limited = await startEmulator({ port: 0, rateLimitPerSecond: 10 });
    const attempts: UpstreamAttempt[] = [];
    const upstream = createUpstream({
      apiEndpoint: limited.apiEndpoint,
      secretId: defaultEmulatorConfig.secretId,
      secretKey: defaultEmulatorConfig.secretKey,
      sdkAppId: defaultEmulatorConfig.sdkAppId,
      protocol: 'http://',
      qps: 10,
      onAttempt: (a) => attempts.push(a),
    });
    try {
      const seats = Array.from({ length: 24 }, (_, i) =>
        i === 0 ? 'agent@example.com' : `seat${i}@example.com`,
      );
      const results = await Promise.allSettled(seats.map((s) => upstream.createSdkLogin(s)));
      // Every call reached the emulator exactly once and none was refused for the rate.
      expect(
        results.filter(
          (r) => r.status === 'rejected' && (r.reason as { code?: string }).code !== 'SEAT_NOT_FOUND',
        ),
      ).toEqual([]);
      const stats = limited.stats();
      expect(stats.rateLimited).toBe(0);
      expect(stats.maxPerSecond).toBeLessThanOrEqual(10);
      // Our side of the wire: send times, any 1000 ms window.
      const sent = attempts.map((a) => a.startedAt).sort((x, y) => x - y);
      expect(sent).toHaveLength(24);
      for (let i = 0; i + 10 < sent.length; i++)
        expect((sent[i + 10] as number) - (sent[i] as number)).toBeGreaterThanOrEqual(1000);
    } finally {
      upstream.close?.();
      await limited.close();
    }
  });
});
