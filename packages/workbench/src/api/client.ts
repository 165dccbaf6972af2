import { ApiError } from './api-error.js';

export interface User {
  username: string;
  displayName: string;
  role: 'agent' | 'supervisor';
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  language?: () => string;
}

/** A small typed client of the server's JSON API. */
export function createApiClient(options: ApiClientOptions = {}) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const language = options.language ?? (() => 'zh-CN');

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(path, {
        method,
        credentials: 'same-origin',
        headers: {
          'Accept-Language': language(),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
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

  return {
    signIn: (username: string, password: string) =>
      request<{ user: User }>('POST', '/api/session', { username, password }),
    signOut: () => request<void>('DELETE', '/api/session'),
    me: () => request<{ user: User }>('GET', '/api/me'),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
