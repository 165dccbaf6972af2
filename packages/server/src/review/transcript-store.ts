import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { transcriptHit, transcriptLine } from '../api/review.js';
import type { Database } from '../db/schema.js';
import type { SessionUser } from '../http/core-plugin.js';
import type { UpstreamRequest } from '../records/cdr-api.js';

export type TranscriptLine = z.output<typeof transcriptLine>;
type TranscriptHit = z.output<typeof transcriptHit>;

const asrAnswer = z.looseObject({
  AsrDataList: z
    .array(z.looseObject({ User: z.string(), Message: z.string(), Start: z.number(), End: z.number() }))
    .default([]),
});

/** The call as the transcript needs it: whose seat, and when the recording began (its accept). */
export interface TranscribedCall {
  sessionId: string;
  seatUserId: string;
  acceptedAt: string | null;
  endedAt: string | null;
  hasRecording: boolean;
}

async function storedLines(db: Kysely<Database>, sessionId: string): Promise<TranscriptLine[] | undefined> {
  const fetched = await db
    .selectFrom('call_transcripts')
    .select('session_id')
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (fetched === undefined) return undefined;
  const rows = await db
    .selectFrom('transcript_lines')
    .select(['speaker', 'start_ms', 'end_ms', 'text'])
    .where('session_id', '=', sessionId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    speaker: r.speaker,
    startMs: Number(r.start_ms),
    endMs: Number(r.end_ms),
    text: r.text,
  }));
}

/**
 * A call's transcript: stored after the first time TCCC gave it, so TCCC is asked once per call. TCCC's
 * `Start`/`End` are Unix ms; the recording starts at the call's accept (whole seconds, as TCCC's
 * `AcceptTimestamp`), so each line is kept as ms into the recording. The agent's lines are the ones
 * TCCC names by the seat's e-mail. A call still in progress is not stored (its transcript grows), nor
 * is an empty answer for a recorded call: TCCC may not have transcribed it yet, and the background
 * fetch asks again later. `final` stores even that (the fetch has given up waiting).
 */
export async function transcriptOf(
  db: Kysely<Database>,
  upstream: UpstreamRequest,
  sdkAppId: number,
  call: TranscribedCall,
  now: number,
  final = false,
): Promise<TranscriptLine[]> {
  const stored = await storedLines(db, call.sessionId);
  if (stored !== undefined) return stored;
  if (call.acceptedAt === null && call.endedAt === null) return [];
  const answer = asrAnswer.parse(
    await upstream.request('DescribeTelRecordAsr', { SdkAppId: sdkAppId, SessionId: call.sessionId }),
  );
  const base = call.acceptedAt === null ? 0 : Math.floor(Date.parse(call.acceptedAt) / 1000) * 1000;
  const lines: TranscriptLine[] = answer.AsrDataList.map((l) => ({
    speaker: l.User === call.seatUserId ? 'agent' : 'customer',
    startMs: Math.max(0, l.Start - base),
    endMs: Math.max(0, l.End - base),
    text: l.Message,
  }));
  if (call.endedAt === null || (lines.length === 0 && call.hasRecording && !final)) return lines;
  await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('call_transcripts')
      .values({ session_id: call.sessionId, line_count: lines.length, fetched_at: now })
      .onConflict((oc) => oc.column('session_id').doNothing())
      .executeTakeFirst();
    // Another request stored it first: its lines are the same.
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0 || lines.length === 0) return;
    await trx
      .insertInto('transcript_lines')
      .values(
        lines.map((l, seq) => ({
          session_id: call.sessionId,
          seq,
          speaker: l.speaker,
          start_ms: l.startMs,
          end_ms: l.endMs,
          text: l.text,
        })),
      )
      .execute();
  });
  return lines;
}

const likeEscaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Stored transcript lines holding `phrase`, newest call first; an agent finds only their seat's calls. */
export async function searchTranscripts(
  db: Kysely<Database>,
  user: SessionUser,
  phrase: string,
  speaker: 'agent' | 'customer' | undefined,
): Promise<TranscriptHit[]> {
  let q = db
    .selectFrom('transcript_lines as l')
    .innerJoin('calls as c', 'c.session_id', 'l.session_id')
    .leftJoin('users as u', 'u.username', 'c.agent_username')
    .select([
      'l.session_id',
      'l.speaker',
      'l.start_ms',
      'l.end_ms',
      'l.text',
      'c.started_at',
      'c.agent_username',
      'u.display_name',
    ])
    .where(sql<boolean>`${sql.ref('l.text')} like ${`%${likeEscaped(phrase)}%`} escape '\\'`)
    .orderBy('c.started_at', 'desc')
    .orderBy('l.seq')
    .limit(50);
  if (speaker !== undefined) q = q.where('l.speaker', '=', speaker);
  if (user.role !== 'supervisor') q = q.where('c.seat_user_id', '=', user.seatUserId);
  const rows = await q.execute();
  return rows.map((r) => ({
    sessionId: r.session_id,
    startedAt: new Date(Number(r.started_at)).toISOString(),
    agent:
      r.agent_username === null
        ? null
        : { username: r.agent_username, displayName: r.display_name ?? r.agent_username },
    line: { speaker: r.speaker, startMs: Number(r.start_ms), endMs: Number(r.end_ms), text: r.text },
  }));
}
