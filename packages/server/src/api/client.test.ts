import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { CallRecord, Page, ServerErrorCode } from '../api-types.js';
import { demoPassword, type Harness, startHarness } from '../test-support/harness.js';
import { ApiError, type ClientErrorCode, createApiClient } from './client.js';

/** A fetch that keeps the session cookie between calls, as a browser on the server's origin would. */
function browserFetch(origin: string): typeof fetch {
  let cookie = '';
  return async (input, init) => {
    const res = await fetch(`${origin}${String(input)}`, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0] ?? '';
    return res;
  };
}

describe('the typed client', () => {
  let h: Harness;
  let origin: string;
  beforeAll(async () => {
    h = await startHarness();
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => h.close());

  it('signs in, reads the user and an SDK URL, and signs out, typed by the server’s own schemas', async () => {
    const api = createApiClient({ fetch: browserFetch(origin), language: () => 'en-US' });
    const { user } = await api.post('/api/session', { body: { username: 'agent', password: demoPassword } });
    expectTypeOf(user.role).toEqualTypeOf<'agent' | 'supervisor'>();
    expect(user).toEqual({ username: 'agent', displayName: expect.any(String), role: 'agent' });
    expect((await api.get('/api/me')).user.username).toBe('agent');
    const login = await api.post('/api/tccc/sdk-url');
    expect(login.sdkUrl).toMatch(/^http/);
    expect(await api.delete('/api/session')).toBeUndefined();
    const after = await api.get('/api/me').catch((e: unknown) => e);
    expect(after).toBeInstanceOf(ApiError);
    expect(after).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('gives the server’s error code and message in the chosen language', async () => {
    const api = createApiClient({ fetch: browserFetch(origin), language: () => 'en-US' });
    const error = await api
      .post('/api/session', { body: { username: 'agent', password: 'wrong' } })
      .catch((e: unknown) => e as ApiError);
    expectTypeOf<ApiError['code']>().toEqualTypeOf<ServerErrorCode | ClientErrorCode>();
    expect(error).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      status: 401,
      message: 'Wrong username or password.',
    });
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    const api = createApiClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(await api.get('/api/me').catch((e: unknown) => e)).toMatchObject({
      code: 'NETWORK_ERROR',
      status: 0,
    });
  });

  it('fills path parameters and leaves empty filters out of the query', () => {
    const api = createApiClient({ baseUrl: '/dialer' });
    expect(
      api.url('/api/calls/export.csv', { query: { outcome: 'busy', phone: '', agent: undefined } }),
    ).toBe('/dialer/api/calls/export.csv?outcome=busy');
    expect(api.url('/api/calls/:sessionId/recording', { params: { sessionId: 'a/b' } })).toBe(
      '/dialer/api/calls/a%2Fb/recording',
    );
  });

  it('types answers, inputs and paths from the contract', () => {
    const api = createApiClient();
    type History = Awaited<ReturnType<typeof api.get<'/api/calls'>>>;
    expectTypeOf<History>().toEqualTypeOf<Page<CallRecord>>();
    // A query whose every field is optional may be left out; a required one may not.
    void (() => api.get('/api/dnc'));
    // @ts-expect-error: the stats need their range
    void (() => api.get('/api/stats'));
    // @ts-expect-error: no such route
    void (() => api.get('/api/nowhere'));
    // @ts-expect-error: a note needs its session id and a body
    void (() => api.put('/api/calls/:sessionId/note', { body: { note: 'x' } }));
    // @ts-expect-error: an outcome the history does not know
    void (() => api.get('/api/calls', { query: { outcome: 'great' } }));
  });
});
