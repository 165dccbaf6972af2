import type { Kysely, Transaction } from 'kysely';
import type { CallRecordingsTable, Database } from '../db/schema.js';
import type { SeatRecording } from './cdr.js';

type Db = Kysely<Database> | Transaction<Database>;

/** One participant's recording of a call, as the call's page lists it (no link, no number). */
export interface ParticipantRecording {
  recordId: string;
  side: CallRecordingsTable['side'];
  seatUserId: string | null;
}

/**
 * Whose recording a record push holds: TCCC names a seat by its e-mail and the customer by the number
 * (or the customer ID under number protection), which never holds an `@`.
 */
export function sideOf(endpointUser: string): CallRecordingsTable['side'] {
  return endpointUser.includes('@') ? 'agent' : 'customer';
}

async function insert(db: Db, rows: CallRecordingsTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('call_recordings')
    .values(rows)
    .onConflict((oc) => oc.columns(['session_id', 'record_id']).doNothing())
    .execute();
}

/** The seats' own recordings a CDR names (`ServeParticipants[].RecordId`). Idempotent. */
export function storeSeatRecordings(
  db: Db,
  sessionId: string,
  recordings: readonly SeatRecording[],
  now: number,
): Promise<void> {
  return insert(
    db,
    recordings.map((r) => ({
      session_id: sessionId,
      record_id: r.recordId,
      side: 'agent' as const,
      seat_user_id: r.seatUserId,
      at: now,
    })),
  );
}

/**
 * One participant's recording from a record push. The customer's endpoint (a number) is not kept: the
 * side is all the page needs, and an agent must not learn a protected number from it.
 */
export function storePushedRecording(
  db: Db,
  rec: { sessionId: string; recordId: string; endpointUser: string },
  now: number,
): Promise<void> {
  const side = sideOf(rec.endpointUser);
  return insert(db, [
    {
      session_id: rec.sessionId,
      record_id: rec.recordId,
      side,
      seat_user_id: side === 'agent' ? rec.endpointUser : null,
      at: now,
    },
  ]);
}

/** A call's per-participant recordings: the seats in the order they joined, then the customer. */
export async function participantRecordings(db: Db, sessionId: string): Promise<ParticipantRecording[]> {
  const rows = await db
    .selectFrom('call_recordings')
    .select(['record_id', 'side', 'seat_user_id'])
    .where('session_id', '=', sessionId)
    .orderBy('side')
    .orderBy('at')
    .orderBy('record_id')
    .execute();
  return rows.map((r) => ({ recordId: r.record_id, side: r.side, seatUserId: r.seat_user_id }));
}
