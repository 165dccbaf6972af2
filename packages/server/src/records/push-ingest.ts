import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { inLockOrder, upsertCdr, upsertRecording } from './call-store.js';
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
/** What a validated push will write. */
type Planned = { sessionId: string; apply: Apply };

/** Validates a push before any write; throws PushRejected naming the first bad field. */
function plan(delivery: PushDelivery, auditPermits = false): Planned {
  if (delivery.action === 'cdr') {
    const parsed = pushCdrSchema.safeParse(delivery.body);
    if (!parsed.success) throw new PushRejected(describe(parsed.error.issues[0]));
    const cdr = cdrFields(parsed.data);
    return { sessionId: cdr.sessionId, apply: (trx, now) => upsertCdr(trx, cdr, 'push', now, auditPermits) };
  }
  const parsed = pushRecordSchema.safeParse(delivery.body);
  if (!parsed.success) throw new PushRejected(describe(parsed.error.issues[0]));
  const rec = parsed.data;
  const at = rec.Timestamp !== undefined && rec.Timestamp > 0 ? rec.Timestamp * 1000 : undefined;
  return {
    sessionId: rec.SessionId,
    apply: (trx, now) =>
      upsertRecording(
        trx,
        {
          sessionId: rec.SessionId,
          recordId: rec.RecordId || null,
          at: at ?? now,
          endpointUser: rec.EndpointUser,
        },
        now,
      ),
  };
}

function describe(issue: { path: PropertyKey[]; message: string } | undefined): string {
  const where = issue?.path.map(String).join('.') || 'body';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

/**
 * The receipts insert for a batch of `rows` pushes, compiled once per engine and size: every batch
 * runs one, and building it anew cost about 2 µs a push at 64 rows.
 */
const compiledReceipts = new WeakMap<object, Map<number, string>>();
function receiptsText(db: Kysely<Database>, rows: number): string {
  const adapter = db.getExecutor().adapter.constructor;
  let bySize = compiledReceipts.get(adapter);
  if (bySize === undefined) {
    bySize = new Map();
    compiledReceipts.set(adapter, bySize);
  }
  let text = bySize.get(rows);
  if (text === undefined) {
    const row = { push_uuid: '', action: 'cdr' as const, session_id: '', received_at: 0 };
    text = db
      .insertInto('push_receipts')
      .values(Array.from({ length: rows }, () => row))
      .onConflict((oc) => oc.column('push_uuid').doNothing())
      .returning('push_uuid')
      .compile().sql;
    bySize.set(rows, text);
  }
  return text;
}

/**
 * The receipts of a batch in one statement: which of its pushes are new. A UUID already stored,
 * or met earlier in the same batch (a retry that came in beside the first try), is a duplicate.
 */
async function newReceipts(
  trx: Kysely<Database>,
  batch: readonly { delivery: PushDelivery; planned: Planned }[],
  now: number,
): Promise<Set<number>> {
  const params = batch.flatMap((w) => [w.delivery.uuid, w.delivery.action, w.planned.sessionId, now]);
  const inserted = await trx.executeQuery<{ push_uuid: string }>(
    CompiledQuery.raw(receiptsText(trx, batch.length), params),
  );
  const unseen = new Set(inserted.rows.map((r) => r.push_uuid));
  const fresh = new Set<number>();
  for (const [i, w] of batch.entries()) if (unseen.delete(w.delivery.uuid)) fresh.add(i);
  return fresh;
}

async function storeOne(
  trx: Kysely<Database>,
  delivery: PushDelivery,
  planned: Planned,
  now: number,
): Promise<'stored' | 'duplicate'> {
  const fresh = await newReceipts(trx, [{ delivery, planned }], now);
  if (fresh.size === 0) return 'duplicate';
  await planned.apply(trx, now);
  return 'stored';
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
  const planned = plan(delivery);
  return db.transaction().execute((trx) => storeOne(trx, delivery, planned, now));
}

export interface PushIngester {
  /** Resolves once the push is committed (or found to be a duplicate); rejects with PushRejected. */
  ingest(delivery: PushDelivery): Promise<'stored' | 'duplicate'>;
}

/**
 * Group commit: pushes that arrive while a transaction is being written are stored together in the
 * next one, and each is answered only after that commit. TCCC delivers many pushes at once; one commit
 * per batch instead of per push is what keeps SQLite's single writer ahead of them.
 */
export function createPushIngester(
  db: Kysely<Database>,
  now: () => number,
  options: { maxBatch?: number; auditPermits?: boolean } = {},
): PushIngester {
  const maxBatch = options.maxBatch ?? 200;
  type Waiting = {
    delivery: PushDelivery;
    planned: Planned;
    resolve(result: 'stored' | 'duplicate'): void;
    reject(error: unknown): void;
  };
  let queue: Waiting[] = [];
  let writing = false;

  async function flush(): Promise<void> {
    writing = true;
    while (queue.length > 0) {
      // Batches on two replicas lock the calls (and receipts) they share in the same order: no deadlock.
      const batch = inLockOrder(
        queue.slice(0, maxBatch),
        (w) => `${w.planned.sessionId}\n${w.delivery.uuid}`,
      );
      queue = queue.slice(batch.length);
      const at = now();
      try {
        const results = await db.transaction().execute(async (trx) => {
          const fresh = await newReceipts(trx, batch, at);
          const out: ('stored' | 'duplicate')[] = [];
          for (const [i, w] of batch.entries()) {
            if (fresh.has(i)) await w.planned.apply(trx, at);
            out.push(fresh.has(i) ? 'stored' : 'duplicate');
          }
          return out;
        });
        for (const [i, w] of batch.entries()) w.resolve(results[i] ?? 'stored');
      } catch {
        // Something in the batch failed: store each on its own, so one failure is only its own.
        for (const w of batch) {
          await db
            .transaction()
            .execute((trx) => storeOne(trx, w.delivery, w.planned, at))
            .then(w.resolve, w.reject);
        }
      }
    }
    writing = false;
  }

  return {
    ingest(delivery) {
      let planned: Planned;
      try {
        planned = plan(delivery, options.auditPermits);
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        queue.push({ delivery, planned, resolve, reject });
        // Start writing on the next turn of the event loop, not now: the pushes whose answers were
        // just sent come back in this turn, and starting at once would commit the first of them
        // alone and the rest after it (batches of 1 and 63 instead of 64).
        if (!writing) {
          writing = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
