import { ApiError } from './api-error.js';
import type {
  CallEvent,
  CallFilters,
  CallRecord,
  CallStats,
  Customer,
  ImportReport,
  Page,
  User,
} from './types.js';

export type { User } from './types.js';

export interface ApiClientOptions {
  fetch?: typeof fetch;
  language?: () => string;
}

type Query = Record<string, string | number | undefined>;

/** `?a=1&b=2` from the defined, non-empty entries. */
export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** A small typed client of the server's JSON API (CONTRACTS.md). */
export function createApiClient(options: ApiClientOptions = {}) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const language = options.language ?? (() => 'zh-CN');

  async function request<T>(
    method: string,
    path: string,
    body?: { json: unknown } | { text: string; type: string },
    extra: RequestInit = {},
  ): Promise<T> {
    let res: Response;
    const headers: Record<string, string> = { 'Accept-Language': language() };
    let payload: string | undefined;
    if (body !== undefined && 'json' in body) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body !== undefined) {
      headers['Content-Type'] = body.type;
      payload = body.text;
    }
    try {
      res = await doFetch(path, {
        method,
        credentials: 'same-origin',
        headers,
        ...(payload === undefined ? {} : { body: payload }),
        ...extra,
      });
    } catch (cause) {
      throw new ApiError('NETWORK_ERROR', 'Network failure', 0, { cause });
    }
    if (res.status === 204) return undefined as T;
    const data: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      const code = err?.code ?? (res.status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR');
      throw new ApiError(code, err?.message ?? `HTTP ${res.status}`, res.status);
    }
    return data as T;
  }

  const callQuery = (f: CallFilters, page: Query = {}) => queryString({ ...f, ...page });

  return {
    signIn: (username: string, password: string) =>
      request<{ user: User }>('POST', '/api/session', { json: { username, password } }),
    signOut: () => request<void>('DELETE', '/api/session'),
    me: () => request<{ user: User }>('GET', '/api/me'),

    listCalls: (filters: CallFilters, limit: number, cursor?: string) =>
      request<Page<CallRecord>>('GET', `/api/calls${callQuery(filters, { limit, cursor })}`),
    exportCallsUrl: (filters: CallFilters) => `/api/calls/export.csv${callQuery(filters)}`,
    recordingUrl: (sessionId: string) => `/api/calls/${encodeURIComponent(sessionId)}/recording`,
    saveNote: (sessionId: string, note: string) =>
      request<{ ok: true }>('PUT', `/api/calls/${encodeURIComponent(sessionId)}/note`, { json: { note } }),
    // keepalive lets the last event of a call leave even while the tab is closing.
    postCallEvent: (event: CallEvent) =>
      request<{ ok: true }>('POST', '/api/calls/events', { json: event }, { keepalive: true }),
    stats: (from: string, to: string) => request<CallStats>('GET', `/api/stats${queryString({ from, to })}`),

    listCustomers: (q: string, limit: number, cursor?: string) =>
      request<Page<Customer>>('GET', `/api/customers${queryString({ q, limit, cursor })}`),
    importCustomers: (csv: string) =>
      request<ImportReport>('POST', '/api/customers/import', { text: csv, type: 'text/csv; charset=utf-8' }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
