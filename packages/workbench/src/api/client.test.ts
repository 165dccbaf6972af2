import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { createApiClient, queryString } from './client.js';

function recordingFetch(respond: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return respond();
  }) as unknown as typeof globalThis.fetch;
  const header = (i: number, name: string) =>
    (calls[i]?.init.headers as Record<string, string> | undefined)?.[name];
  return { calls, fetch, header };
}

describe('the API client', () => {
  it('turns the server’s error body into an ApiError with its code, in the chosen language', async () => {
    const { header, fetch } = recordingFetch(
      () =>
        new Response(
          JSON.stringify({ error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password.' } }),
          {
            status: 401,
          },
        ),
    );
    const api = createApiClient({ fetch, language: () => 'en-US' });
    const error = await api.signIn('agent', 'nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(header(0, 'Accept-Language')).toBe('en-US');
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    const { fetch } = recordingFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await createApiClient({ fetch })
      .me()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('sends a customer import as CSV text and history filters as a query', async () => {
    const { calls, fetch, header } = recordingFetch(
      () => new Response(JSON.stringify({ imported: 1, errors: [] })),
    );
    const api = createApiClient({ fetch });
    await api.importCustomers('name,phone\nA,13800138000\n');
    expect(calls[0]?.init.body).toBe('name,phone\nA,13800138000\n');
    expect(header(0, 'Content-Type')).toMatch(/^text\/csv/);
    await api.listCalls({ outcome: 'busy', phone: '138' }, 20, 'abc');
    expect(calls[1]?.url).toBe('/api/calls?outcome=busy&phone=138&limit=20&cursor=abc');
    expect(api.exportCallsUrl({})).toBe('/api/calls/export.csv');
  });

  it('leaves empty filters out of the query', () => {
    expect(queryString({ q: '', limit: 20, cursor: undefined })).toBe('?limit=20');
    expect(queryString({})).toBe('');
  });
});
