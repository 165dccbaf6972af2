import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ServerError } from '../errors.js';
import type { Feature, FeatureContext, SessionUser } from '../features.js';
import { type CallFilter, callStats, decodeCursor, findCall, iterateCalls, listCalls } from './call-query.js';
import { setNote, upsertBrowserEvent } from './call-store.js';
import { type CdrApi, cdrApiFromUpstream, sessionDetailSchema, type UpstreamRequest } from './cdr-api.js';
import { csvHeader, csvRow } from './csv.js';
import { outcomeKeys } from './outcome.js';
import { normalisePhone } from './phone.js';
import { registerPushRoute } from './push-route.js';

export interface RecordsOptions {
  /** PUSH_BASIC_AUTH (`user:password`); without it the push route refuses every request. */
  pushBasicAuth?: string | undefined;
  /** TCCC_SDK_APP_ID, added to DescribeSessionDetail requests. */
  sdkAppId?: number | undefined;
  /** Overrides the upstream for DescribeSessionDetail (tests, or a separately paced client). */
  cdrApi?: CdrApi | undefined;
}

/** The server's validated config, when buildApp passes it along in the context. */
type ContextWithConfig = FeatureContext & {
  config?: { pushBasicAuth?: string | undefined; tccc?: { sdkAppId: number } };
};

const isoTime = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

const eventBody = z.strictObject({
  sessionId: z.string().min(1).max(128),
  event: z.enum(['dialing', 'ringing', 'connected', 'ended']),
  at: isoTime,
  callee: z.string().max(64).optional(),
  caller: z.string().max(64).optional(),
  closeBy: z.string().max(32).optional(),
  uui: z.string().max(1024).optional(),
  direction: z.enum(['outbound', 'inbound']).optional(),
});

const filterQuery = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  outcome: z.enum(outcomeKeys).optional(),
  phone: z
    .string()
    .regex(/^\+?[\d\s-]{3,24}$/)
    .transform((p) => normalisePhone(p))
    .optional(),
  agent: z.string().min(1).max(64).optional(),
});
const listQuery = filterQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(400).optional(),
});
const statsQuery = z.strictObject({ from: isoTime, to: isoTime });
const noteBody = z.strictObject({ note: z.string().max(2000) });
const sessionParam = z.strictObject({ sessionId: z.string().min(1).max(128) });

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ServerError('INVALID_REQUEST', { cause: parsed.error });
  return parsed.data;
}

function filterOf(q: z.output<typeof filterQuery>): CallFilter {
  return { from: q.from, to: q.to, outcome: q.outcome, phone: q.phone, agent: q.agent };
}

const locale = (req: FastifyRequest): 'zh-CN' | 'en-US' =>
  /^\s*en/i.test(String(req.headers['accept-language'] ?? '')) ? 'en-US' : 'zh-CN';

/** TCCC's answers for "no such session / recording", wherever they sit in the error's cause chain. */
const missingSessionCodes = new Set([
  'FailedOperation.SessionNotExists',
  'InvalidParameterValue.RecordNotExist',
]);
function isMissingSession(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && missingSessionCodes.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const canSee = (user: SessionUser, call: { seatUserId: string }) =>
  user.role === 'supervisor' || call.seatUserId === user.seatUserId;

/**
 * Call records: the browser's call events, TCCC's data push, the history API with CSV export,
 * recording playback, notes and dashboard stats. The push route authenticates TCCC by basic auth;
 * every other route needs a session.
 */
export function createRecordsFeature(explicit: RecordsOptions = {}): Feature {
  return (app, context) => {
    const ctx = context as ContextWithConfig;
    const pushBasicAuth = explicit.pushBasicAuth ?? ctx.config?.pushBasicAuth;
    const sdkAppId = explicit.sdkAppId ?? ctx.config?.tccc?.sdkAppId;
    const upstream = ctx.upstream as Partial<UpstreamRequest>;
    const cdrApi =
      explicit.cdrApi ??
      (typeof upstream.request === 'function'
        ? cdrApiFromUpstream(upstream as UpstreamRequest, sdkAppId ?? 0)
        : undefined);

    registerPushRoute(app, { db: ctx.db, pushBasicAuth, now: ctx.now });

    app.post('/api/calls/events', async (req, reply) => {
      const user = await ctx.authenticate(req);
      // navigator.sendBeacon posts text/plain; the JSON is the same.
      let raw: unknown = req.body;
      if (typeof raw === 'string') {
        try {
          raw = JSON.parse(raw);
        } catch (cause) {
          throw new ServerError('INVALID_REQUEST', { cause });
        }
      }
      const ev = parse(eventBody, raw);
      const ok = await upsertBrowserEvent(ctx.db, user, ev, ctx.now());
      if (!ok) throw new ServerError('FORBIDDEN');
      return reply.status(202).send({ ok: true });
    });

    app.get('/api/calls', async (req) => {
      const user = await ctx.authenticate(req);
      const q = parse(listQuery, req.query);
      const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
      if (q.cursor !== undefined && cursor === undefined) throw new ServerError('INVALID_REQUEST');
      return listCalls(ctx.db, user, filterOf(q), { limit: q.limit, cursor });
    });

    app.get('/api/calls/export.csv', async (req, reply) => {
      const user = await ctx.authenticate(req);
      const filter = filterOf(parse(filterQuery, req.query));
      const lang = locale(req);
      async function* lines() {
        yield `\uFEFF${csvHeader(lang)}`;
        for await (const call of iterateCalls(ctx.db, user, filter)) yield csvRow(call, lang);
      }
      const stamp = new Date(ctx.now()).toISOString().slice(0, 10);
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="calls-${stamp}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(Readable.from(lines()));
    });

    app.get('/api/calls/:sessionId/recording', async (req, reply) => {
      const user = await ctx.authenticate(req);
      const { sessionId } = parse(sessionParam, req.params);
      const call = await findCall(ctx.db, sessionId);
      if (call === undefined || !canSee(user, call)) throw new ServerError('CALL_NOT_FOUND');
      if (cdrApi === undefined) throw new ServerError('RECORDING_NOT_FOUND');
      const started = Math.floor(Date.parse(call.startedAt) / 1000);
      const ended =
        call.endedAt === null ? Math.floor(ctx.now() / 1000) : Math.floor(Date.parse(call.endedAt) / 1000);
      let answer: unknown;
      try {
        answer = await cdrApi.describeSessionDetail({
          SessionId: sessionId,
          StartTimestamp: started - 3600,
          EndTimestamp: ended + 3600,
        });
      } catch (error) {
        if (isMissingSession(error)) throw new ServerError('RECORDING_NOT_FOUND', { cause: error });
        throw error;
      }
      const detail = sessionDetailSchema.safeParse(answer);
      const url = detail.success ? detail.data.RecordURL : undefined;
      // The signed link lives 24 h and is never stored: each playback asks TCCC for a fresh one.
      if (url === undefined || !/^https?:\/\//i.test(url)) throw new ServerError('RECORDING_NOT_FOUND');
      return reply.header('Cache-Control', 'no-store').redirect(url, 302);
    });

    app.put('/api/calls/:sessionId/note', async (req) => {
      const user = await ctx.authenticate(req);
      const { sessionId } = parse(sessionParam, req.params);
      const { note } = parse(noteBody, req.body);
      const ok = await setNote(ctx.db, user, sessionId, note, ctx.now());
      if (!ok) throw new ServerError('FORBIDDEN');
      return { ok: true };
    });

    app.get('/api/stats', async (req) => {
      const user = await ctx.authenticate(req);
      if (user.role !== 'supervisor') throw new ServerError('FORBIDDEN');
      const q = parse(statsQuery, req.query);
      if (q.to <= q.from) throw new ServerError('INVALID_REQUEST');
      return callStats(ctx.db, q.from, q.to);
    });
  };
}

/** The feature as registered in features.ts; options come from the server's config in the context. */
export const recordsFeature: Feature = createRecordsFeature();
