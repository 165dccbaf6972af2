import { z } from 'zod';
import type { ServerErrorCode } from '../errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A response that is not JSON (a CSV file, a redirect): its media type and what the body holds. */
export interface ContentResponse {
  description: string;
  content: Record<string, { schema: z.ZodType }>;
}

export type ResponseSchema = z.ZodType | ContentResponse;

export interface RouteSchema {
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  /** Every route answers with a schema per status: what is not in it never leaves the server. */
  response: { [status: number]: ResponseSchema; '4xx'?: ResponseSchema; '5xx'?: ResponseSchema };
  summary: string;
  description?: string;
  tags: readonly string[];
  /** Who may call it: a signed-in user, a supervisor, TCCC itself (basic auth), or anyone. */
  security?: readonly Record<string, readonly string[]>[];
  /** Media types the body may have besides JSON (CSV uploads, sendBeacon's text/plain). */
  consumes?: readonly string[];
  produces?: readonly string[];
  hide?: boolean;
}

export interface RouteDef {
  method: Method;
  url: string;
  schema: RouteSchema;
}

/** `{ error: { code, message, requestId } }`: the one shape of every refusal and failure. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string() as z.ZodType<ServerErrorCode>,
      message: z.string(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });

/** Refusals and failures, the same for every route. */
export const errorResponses = { '4xx': errorBody, '5xx': errorBody } as const;

export const signedIn = [{ session: [] }] as const;
export const supervisorOnly = [{ session: ['supervisor'] }] as const;

/** A route of the HTTP API, typed by its schemas (the server's handlers and the client both read it). */
export function route<const M extends Method, const U extends string, const S extends RouteSchema>(
  method: M,
  url: U,
  schema: S,
): { method: M; url: U; schema: S } {
  return { method, url, schema };
}

/** An instant as a query parameter (ISO 8601 with an offset), read as epoch milliseconds. */
export const isoInstant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));
/** An instant in an answer (ISO 8601, UTC). */
export const isoString = z.iso.datetime({ offset: true });

export const ok = z.object({ ok: z.literal(true) });

/** One page of a keyset-paged list; pass `nextCursor` back for the next one. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(400).optional(),
};

/** A row a CSV import skipped, with a stable code and the message in the caller's language. */
export const rowProblem = z.object({ row: z.number().int(), code: z.string(), message: z.string() });

/** A CSV file as uploaded: the server reads the request stream itself, with its own limits. */
export const csvUpload = z
  .custom<NodeJS.ReadableStream>(
    (v) => typeof v === 'object' && v !== null && typeof (v as { pipe?: unknown }).pipe === 'function',
  )
  .meta({ type: 'string', format: 'binary', description: 'CSV bytes, UTF-8 or GBK' });

/** A CSV download. */
export const csvFile = (description: string): ContentResponse => ({
  description,
  content: { 'text/csv': { schema: z.string() } },
});

export const localized = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
