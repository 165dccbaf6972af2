import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { contract } from '../api/contract.js';
import type { ParticipantRecording as ListedRecording } from '../api-types.js';
import type { Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import type { SessionUser } from '../http/core-plugin.js';
import { typed } from '../http/routes.js';
import type { RateLimiter } from '../security/rate-limiter.js';
import { createCoalescer } from '../upstream/coalesce.js';
import { findCall } from './call-query.js';
import type { CdrApi } from './cdr-api.js';
import { participantRecordings } from './participant-recordings.js';
import { createRecordingUrlCache } from './recording-url-cache.js';

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

/** What DescribeSessionDetail says of the recordings: the mixed one, and each seat's own. */
const sessionRecordings = z.looseObject({
  RecordURL: z.string().optional(),
  ServeParticipants: z
    .array(z.unknown())
    .optional()
    .transform((items) =>
      (items ?? []).flatMap(
        (p) => z.looseObject({ RecordId: z.string(), RecordURL: z.string() }).safeParse(p).data ?? [],
      ),
    ),
});

const isLink = (url: string | undefined): url is string => url !== undefined && /^https?:\/\//i.test(url);

const canSee = (user: SessionUser, call: { seatUserId: string }) =>
  user.role === 'supervisor' || call.seatUserId === user.seatUserId;

export interface RecordingRoutesOptions {
  db: Kysely<Database>;
  cdrApi: CdrApi;
  now(): number;
  limiter: RateLimiter;
}

/** Where the record push's links are kept: the customer's own recording is only ever named there. */
export interface PushedRecordingLinks {
  /** A record push's link (TCCC keeps it valid as long as the recording is stored: 3 months). */
  remember(recordId: string, url: string): void;
}

/**
 * The recording routes: the mixed recording, and each participant's own. Every one redirects to a
 * signed TCCC link that is never stored in the database: links DescribeSessionDetail gives live in
 * this process's memory until shortly before they expire; a fetch from TCCC is limited per user and
 * shared between concurrent plays; an agent reaches only their own calls' recordings.
 */
export function registerRecordingRoutes(
  app: FastifyInstance,
  options: RecordingRoutesOptions,
): PushedRecordingLinks {
  const { db, cdrApi, now, limiter } = options;
  const fetched = createRecordingUrlCache(now);
  const pushed = createRecordingUrlCache(now, { maxEntries: 50_000, lifetimeMs: 90 * 24 * 3600_000 });
  const fetches = createCoalescer<string>();

  async function visibleCall(user: SessionUser, sessionId: string) {
    const call = await findCall(db, sessionId);
    if (call === undefined || !canSee(user, call)) throw new ServerError('CALL_NOT_FOUND');
    return call;
  }

  /** DescribeSessionDetail for the call; every link it holds is cached, `pick` chooses the one wanted. */
  async function fetchLink(
    call: { sessionId: string; startedAt: string; endedAt: string | null },
    key: string,
    pick: (detail: z.output<typeof sessionRecordings>) => string | undefined,
  ): Promise<string> {
    return fetches.run(key, async () => {
      const started = Math.floor(Date.parse(call.startedAt) / 1000);
      const ended =
        call.endedAt === null ? Math.floor(now() / 1000) : Math.floor(Date.parse(call.endedAt) / 1000);
      let answer: unknown;
      try {
        answer = await cdrApi.describeSessionDetail({
          SessionId: call.sessionId,
          StartTimestamp: started - 3600,
          EndTimestamp: ended + 3600,
        });
      } catch (error) {
        if (isMissingSession(error)) throw new ServerError('RECORDING_NOT_FOUND', { cause: error });
        throw error;
      }
      const detail = sessionRecordings.safeParse(answer);
      if (!detail.success) throw new ServerError('RECORDING_NOT_FOUND');
      if (isLink(detail.data.RecordURL)) fetched.set(call.sessionId, detail.data.RecordURL);
      for (const p of detail.data.ServeParticipants)
        if (isLink(p.RecordURL)) fetched.set(p.RecordId, p.RecordURL);
      const signed = pick(detail.data);
      if (!isLink(signed)) throw new ServerError('RECORDING_NOT_FOUND');
      return signed;
    });
  }

  async function redirect(
    reply: FastifyReply,
    user: SessionUser,
    cached: string | undefined,
    fetch: () => Promise<string>,
  ) {
    if (cached !== undefined) return reply.header('Cache-Control', 'no-store').redirect(cached, 302);
    // Each user's playbacks that reach TCCC are limited, so one agent cannot spend the action's quota.
    const rate = await limiter.take(user.username);
    if (!rate.ok)
      throw new ServerError('RATE_LIMITED', {
        retryAfterSeconds: Math.max(1, Math.ceil(rate.retryAfterMs / 1000)),
      });
    return reply.header('Cache-Control', 'no-store').redirect(await fetch(), 302);
  }

  const api = typed(app);
  api.route({
    ...contract.calls.recording,
    handler: async (req, reply) => {
      const user = await app.authenticate(req);
      const call = await visibleCall(user, req.params.sessionId);
      return redirect(reply, user, fetched.get(call.sessionId), () =>
        fetchLink(call, call.sessionId, (d) => d.RecordURL),
      );
    },
  });

  /** The participants whose recording can be played now: a seat's always (TCCC signs it afresh), the
   *  customer's while its pushed link is at hand. */
  async function playable(sessionId: string): Promise<ListedRecording[]> {
    const rows = await participantRecordings(db, sessionId);
    const kept = rows.filter((r) => r.side === 'agent' || pushed.get(r.recordId) !== undefined);
    const seats = [...new Set(kept.flatMap((r) => (r.seatUserId === null ? [] : [r.seatUserId])))];
    const users =
      seats.length === 0
        ? []
        : await db
            .selectFrom('users')
            .select(['seat_user_id', 'display_name'])
            .where('seat_user_id', 'in', seats)
            .orderBy('username', 'desc')
            .execute();
    const names = new Map(users.map((u) => [u.seat_user_id, u.display_name]));
    return kept.map((r) => ({
      recordId: r.recordId,
      side: r.side,
      agent:
        r.seatUserId === null
          ? null
          : { seatUserId: r.seatUserId, displayName: names.get(r.seatUserId) ?? r.seatUserId },
    }));
  }

  api.route({
    ...contract.calls.participantRecordings,
    handler: async (req) => {
      const user = await app.authenticate(req);
      const call = await visibleCall(user, req.params.sessionId);
      return { items: call.hasRecording ? await playable(call.sessionId) : [] };
    },
  });

  api.route({
    ...contract.calls.participantRecording,
    handler: async (req, reply) => {
      const user = await app.authenticate(req);
      const call = await visibleCall(user, req.params.sessionId);
      const { recordId } = req.params;
      const row = (await participantRecordings(db, call.sessionId)).find((r) => r.recordId === recordId);
      if (row === undefined) throw new ServerError('RECORDING_NOT_FOUND');
      const cached = fetched.get(recordId) ?? pushed.get(recordId);
      // The customer's own recording is not in DescribeSessionDetail: only its push named it.
      if (row.side === 'customer' && cached === undefined) throw new ServerError('RECORDING_NOT_FOUND');
      return redirect(reply, user, cached, () =>
        fetchLink(call, recordId, (d) => d.ServeParticipants.find((p) => p.RecordId === recordId)?.RecordURL),
      );
    },
  });

  return {
    remember(recordId, url) {
      if (isLink(url)) pushed.set(recordId, url);
    },
  };
}
