import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The app's client takes the page's fetch when it is made: stand in for the network before loading it.
const calls: { url: string; init: RequestInit }[] = [];
let respond: () => Response | Promise<Response> = () => new Response('{}');
vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
  calls.push({ url, init });
  return respond();
});
const { ApiError, api } = await import('./index.js');
const { i18n } = await import('../i18n/index.js');

const header = (i: number, name: string) =>
  (calls[i]?.init.headers as Record<string, string> | undefined)?.[name];

beforeEach(() => {
  calls.length = 0;
  i18n.global.locale.value = 'zh-CN';
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('the API client', () => {
  it('turns the server’s error body into an ApiError with its code, in the chosen language', async () => {
    respond = () =>
      new Response(
        JSON.stringify({ error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password.' } }),
        { status: 401 },
      );
    // The agent switched the page to English: the server is asked for English.
    i18n.global.locale.value = 'en-US';
    const error = await api
      .post('/api/session', { body: { username: 'agent', password: 'nope' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(header(0, 'Accept-Language')).toBe('en-US');
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    respond = () => Promise.reject(new TypeError('Failed to fetch'));
    const error = await api.get('/api/me').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('sends a customer import as CSV text and history filters as a query', async () => {
    respond = () => new Response(JSON.stringify({ imported: 1, errors: [] }));
    await api.post('/api/customers/import', {
      body: 'name,phone\nA,13800138000\n',
      contentType: 'text/csv; charset=utf-8',
    });
    expect(calls[0]?.init.body).toBe('name,phone\nA,13800138000\n');
    expect(header(0, 'Content-Type')).toMatch(/^text\/csv/);
    respond = () => new Response(JSON.stringify({ items: [], nextCursor: null }));
    await api.get('/api/calls', { query: { outcome: 'busy', phone: '138', limit: 20, cursor: 'abc' } });
    expect(calls[1]?.url).toBe('/api/calls?outcome=busy&phone=138&limit=20&cursor=abc');
    expect(api.url('/api/calls/export.csv', { query: {} })).toBe('/api/calls/export.csv');
  });

  it('leaves empty filters out of the query', () => {
    expect(api.url('/api/customers', { query: { q: '', limit: 20, cursor: undefined } })).toBe(
      '/api/customers?limit=20',
    );
    expect(api.url('/api/customers', { query: {} })).toBe('/api/customers');
  });
});
