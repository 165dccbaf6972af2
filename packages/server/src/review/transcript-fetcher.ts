import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { UpstreamRequest } from '../records/cdr-api.js';
import type { RateLimiter } from '../security/rate-limiter.js';
import { transcriptOf } from './transcript-store.js';

export interface TranscriptFetchOptions {
  /** `DescribeTelRecordAsr` requests a minute for background fetches, shared by every replica. */
  perMinute: number;
  /** How often to look for recorded calls without a transcript (default 10 s). */
  intervalMs?: number | undefined;
  /** The wait after TCCC first has no transcript; it doubles after each empty answer (default 60 s). */
  retryBaseMs?: number | undefined;
  /** How many answers to wait through before an empty one is kept for good (default 8: about 4 h). */
  maxAttempts?: number | undefined;
  /** Only calls that ended this recently are fetched in the background (default 2 days). */
  lookbackMs?: number | undefined;
}

/** A claimed call is left alone by other replicas this long, should its fetch never finish. */
const leaseMs = 5 * 60_000;
const ms = (n: number | null) => (n === null ? null : new Date(Number(n)).toISOString());

/**
 * Fetches the transcripts of recorded calls nobody opened, so the search covers them: after TCCC's
 * CDR with a recording arrives (pushed or synced), the call is asked for; while TCCC has no lines yet
 * it is asked again with a doubling wait, and an empty answer is stored only after the last try.
 * Requests are paced by the shared limiter; replicas claim each call before asking, so one asks.
 */
export function createTranscriptFetcher(o: {
  db: Kysely<Database>;
  upstream: UpstreamRequest;
  sdkAppId: number;
  now(): number;
  limiter: RateLimiter;
  options: TranscriptFetchOptions;
}) {
  const { db } = o;
  const retryBaseMs = o.options.retryBaseMs ?? 60_000;
  const maxAttempts = o.options.maxAttempts ?? 8;
  const lookbackMs = o.options.lookbackMs ?? 2 * 86_400_000;

  async function due(now: number) {
    return db
      .selectFrom('calls as c')
      .leftJoin('call_transcripts as t', 't.session_id', 'c.session_id')
      .leftJoin('transcript_fetches as f', 'f.session_id', 'c.session_id')
      .select(['c.session_id', 'c.seat_user_id', 'c.accepted_at', 'c.ended_at', 'f.attempts', 'f.next_at'])
      .where('c.has_recording', '=', 1)
      .where('c.ended_at', 'is not', null)
      .where('c.ended_at', '>=', now - lookbackMs)
      .where('t.session_id', 'is', null)
      .where((eb) =>
        eb.or([
          eb('f.session_id', 'is', null),
          eb.and([eb('f.next_at', '<=', now), eb('f.attempts', '<', maxAttempts)]),
        ]),
      )
      .orderBy('c.ended_at')
      .limit(20)
      .execute();
  }

  /** Takes the call for this replica: true when no other replica has it. */
  async function claim(sessionId: string, nextAt: number | null, now: number) {
    if (nextAt === null) {
      const r = await db
        .insertInto('transcript_fetches')
        .values({ session_id: sessionId, attempts: 0, next_at: now + leaseMs })
        .onConflict((oc) => oc.column('session_id').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const r = await db
      .updateTable('transcript_fetches')
      .set({ next_at: now + leaseMs })
      .where('session_id', '=', sessionId)
      .where('next_at', '=', nextAt)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** One pass: asks for every due call the pace allows; resolves how many TCCC was asked for. */
  async function runOnce(): Promise<number> {
    let asked = 0;
    for (const row of await due(o.now())) {
      const decision = await o.limiter.take('background');
      if (!decision.ok) break;
      const now = o.now();
      const nextAt = row.next_at === null ? null : Number(row.next_at);
      if (!(await claim(row.session_id, nextAt, now))) continue;
      const attempts = Number(row.attempts ?? 0) + 1;
      const final = attempts >= maxAttempts;
      asked++;
      let lines = 0;
      try {
        const call = {
          sessionId: row.session_id,
          seatUserId: row.seat_user_id,
          acceptedAt: ms(row.accepted_at),
          endedAt: ms(row.ended_at),
          hasRecording: true,
        };
        lines = (await transcriptOf(db, o.upstream, o.sdkAppId, call, now, final)).length;
      } catch {
        // TCCC refused or was away: the same wait as an empty answer, and never stored as empty.
        lines = -1;
      }
      if (lines > 0 || (final && lines === 0)) {
        await db.deleteFrom('transcript_fetches').where('session_id', '=', row.session_id).execute();
      } else {
        await db
          .updateTable('transcript_fetches')
          .set({ attempts, next_at: now + retryBaseMs * 2 ** (attempts - 1) })
          .where('session_id', '=', row.session_id)
          .execute();
      }
    }
    return asked;
  }

  return { runOnce };
}
