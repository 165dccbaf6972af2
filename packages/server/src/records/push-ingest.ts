import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { upsertCdr, upsertRecording } from './call-store.js';
import { cdrFields, pushCdrSchema, pushRecordSchema } from './cdr.js';

export type PushAction = 'cdr' | 'record';

export class PushRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PushRejected';
  }
}

export interface PushDelivery {
  /** X-TCCC-PUSH-UUID: the same for every retry of one push. */
  uuid: string;
  action: PushAction;
  body: unknown;
}

type Apply = (trx: Kysely<Database>, now: number) => Promise<void>;

/** Validates a push before any write; throws PushRejected naming the first bad field. */
function plan(delivery: PushDelivery): { sessionId: string; apply: Apply } {
  if (delivery.action === 'cdr') {
    const parsed = pushCdrSchema.safeParse(delivery.body);
    if (!parsed.success) throw new PushRejected(describe(parsed.error.issues[0]));
    const cdr = cdrFields(parsed.data);
    return { sessionId: cdr.sessionId, apply: (trx, now) => upsertCdr(trx, cdr, 'push', now) };
  }
  const parsed = pushRecordSchema.safeParse(delivery.body);
  if (!parsed.success) throw new PushRejected(describe(parsed.error.issues[0]));
  const rec = parsed.data;
  const at = rec.Timestamp !== undefined && rec.Timestamp > 0 ? rec.Timestamp * 1000 : undefined;
  return {
    sessionId: rec.SessionId,
    apply: (trx, now) =>
      upsertRecording(trx, { sessionId: rec.SessionId, recordId: rec.RecordId || null, at: at ?? now }, now),
  };
}

function describe(issue: { path: PropertyKey[]; message: string } | undefined): string {
  const where = issue?.path.map(String).join('.') || 'body';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

/**
 * Stores one push exactly once: the receipt and the call are written in one transaction, so when this
 * resolves the push is durable, and a retry of the same UUID finds the receipt and changes nothing.
 */
export async function ingestPush(
  db: Kysely<Database>,
  delivery: PushDelivery,
  now: number,
): Promise<'stored' | 'duplicate'> {
  const { sessionId, apply } = plan(delivery);
  return db.transaction().execute(async (trx) => {
    const receipt = await trx
      .insertInto('push_receipts')
      .values({ push_uuid: delivery.uuid, action: delivery.action, session_id: sessionId, received_at: now })
      .onConflict((oc) => oc.column('push_uuid').doNothing())
      .executeTakeFirst();
    if (Number(receipt.numInsertedOrUpdatedRows ?? 0) === 0) return 'duplicate';
    await apply(trx, now);
    return 'stored';
  });
}
