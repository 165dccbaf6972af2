/**
 * The typed client of the HTTP API, for the workbench and for integrators' front ends
 * (`@tccc-dialer/server/client`). Paths, parameters, bodies and answers are typed by the server's own
 * route schemas (`Contract`), and failures carry the server's error codes. It imports no runtime
 * code: a browser bundle gains only this file.
 */
import type { z } from 'zod';
import type { ServerErrorCode } from '../errors.js';
import type { Contract } from './contract.js';
import type { Method, RouteDef } from './route.js';

/** Every route of the contract. */
type Route = { [A in keyof Contract]: Contract[A][keyof Contract[A]] }[keyof Contract];
type RouteAt<M extends Method, P extends string> = Extract<Route, { method: M; url: P }>;
/** The paths that answer `M`. */
export type PathOf<M extends Method> = Extract<Route, { method: M }>['url'];

type Schema<R extends RouteDef> = R['schema'];
type Uploads<R extends RouteDef> =
  Schema<R> extends { consumes: readonly (infer C)[] } ? ('text/csv' extends C ? true : false) : false;

/** What a call of route `R` takes: its path parameters, query and body, each only when it has them. */
export type InputOf<R extends RouteDef> = (Schema<R> extends { params: infer P extends z.ZodType }
  ? { params: z.input<P> }
  : unknown) &
  (Schema<R> extends { querystring: infer Q extends z.ZodType }
    ? object extends z.input<Q>
      ? { query?: z.input<Q> }
      : { query: z.input<Q> }
    : unknown) &
  (Uploads<R> extends true
    ? { body: string | Blob | ArrayBuffer | Uint8Array; contentType?: string }
    : Schema<R> extends { body: infer B extends z.ZodType }
      ? { body: z.input<B> }
      : unknown) & {
    /** Let the request outlive the page (the last call event of a closing tab). */
    keepalive?: boolean;
  };

type SuccessSchema<R extends RouteDef> = Schema<R>['response'] extends infer S
  ? S extends { 200: infer T }
    ? T
    : S extends { 201: infer T }
      ? T
      : S extends { 202: infer T }
        ? T
        : undefined
  : never;

/** What route `R` answers when it succeeds (a CSV download: its text; 204: nothing). */
export type OutputOf<R extends RouteDef> =
  SuccessSchema<R> extends z.ZodType
    ? z.output<SuccessSchema<R>>
    : SuccessSchema<R> extends { content: unknown }
      ? string
      : undefined;

/** A code the client itself gives: the server was not reached, or answered something that is not ours. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'HTTP_ERROR';

/** A failure of the HTTP API, with the server's stable code (or a client code) and its message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ServerErrorCode | ClientErrorCode,
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ApiClientOptions {
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Where the API is mounted (`''` for the same origin; `/dialer` under a host app's prefix). */
  baseUrl?: string;
  /** The language server messages come back in (`Accept-Language`). */
  language?: () => string;
}

type Query = Record<string, unknown>;

/** `?a=1&b=2` from the defined, non-empty entries, in their order. */
export function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params?.[name] ?? '')));
}

interface AnyInput {
  params?: Record<string, unknown>;
  query?: Query;
  body?: unknown;
  contentType?: string;
  keepalive?: boolean;
}

type Args<M extends Method, P extends string> =
  object extends InputOf<RouteAt<M, P>> ? [input?: InputOf<RouteAt<M, P>>] : [input: InputOf<RouteAt<M, P>>];

export function createApiClient(options: ApiClientOptions = {}) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl ?? '';
  const language = options.language ?? (() => 'zh-CN');

  const url = (path: string, input: AnyInput = {}) =>
    `${base}${fillPath(path, input.params)}${queryString(input.query)}`;

  async function request(method: Method, path: string, input: AnyInput = {}): Promise<unknown> {
    const headers: Record<string, string> = { 'Accept-Language': language() };
    let body: RequestInit['body'];
    if (input.body !== undefined && input.contentType === undefined && isJsonBody(input.body)) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(input.body);
    } else if (input.body !== undefined) {
      headers['Content-Type'] = input.contentType ?? 'text/csv';
      body = input.body as RequestInit['body'];
    }
    let res: Response;
    try {
      res = await doFetch(url(path, input), {
        method,
        credentials: 'same-origin',
        headers,
        ...(body === undefined ? {} : { body }),
        ...(input.keepalive === true ? { keepalive: true } : {}),
      });
    } catch (cause) {
      throw new ApiError('NETWORK_ERROR', 'Network failure', 0, { cause });
    }
    if (res.status === 204) return undefined;
    const text = await res.text();
    const json = parseJson(text);
    if (!res.ok) {
      const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const code = typeof error?.code === 'string' ? (error.code as ServerErrorCode) : 'HTTP_ERROR';
      throw new ApiError(
        code,
        typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`,
        res.status,
      );
    }
    return /json/i.test(res.headers.get('content-type') ?? '') || json !== undefined ? json : text;
  }

  type Answer<M extends Method, P extends string> = Promise<OutputOf<RouteAt<M, P>>>;
  const send = (method: Method, path: string, input: unknown) => request(method, path, input as AnyInput);

  return {
    get: <P extends PathOf<'GET'>>(path: P, ...[input]: Args<'GET', P>) =>
      send('GET', path, input) as Answer<'GET', P>,
    post: <P extends PathOf<'POST'>>(path: P, ...[input]: Args<'POST', P>) =>
      send('POST', path, input) as Answer<'POST', P>,
    put: <P extends PathOf<'PUT'>>(path: P, ...[input]: Args<'PUT', P>) =>
      send('PUT', path, input) as Answer<'PUT', P>,
    patch: <P extends PathOf<'PATCH'>>(path: P, ...[input]: Args<'PATCH', P>) =>
      send('PATCH', path, input) as Answer<'PATCH', P>,
    delete: <P extends PathOf<'DELETE'>>(path: P, ...[input]: Args<'DELETE', P>) =>
      send('DELETE', path, input) as Answer<'DELETE', P>,
    /** The address of a GET route, for a link or an `<audio src>` (CSV downloads, recordings). */
    url: <P extends PathOf<'GET'>>(path: P, ...[input]: Args<'GET', P>): string =>
      url(path, input as AnyInput),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

const isJsonBody = (body: unknown) =>
  typeof body === 'object' &&
  body !== null &&
  !(typeof Blob !== 'undefined' && body instanceof Blob) &&
  !(body instanceof ArrayBuffer) &&
  !ArrayBuffer.isView(body);

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
