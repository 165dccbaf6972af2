// Two replicas storing pushes for the same calls at once on PostgreSQL must never deadlock: TCCC sends a
// call's CDR and its recordings' pushes together, and behind a load balancer they land on different
// replicas. A deadlock costs PostgreSQL's deadlock_timeout (1 s) of every request waiting on the call's
// row, and aborts one replica's batch. Each replica here holds its transaction open after its first
// write to a call until the other has made its own (or 300 ms passed): the interleaving that
// deadlocks when two writers take a call's rows in different orders.
import { createPostgresDatabase, servicesAvailable } from '@tccc-dialer/test-support';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { createPushIngester } from './push-ingest.js';
import { cdrPush, recordPush } from './test-support/pushes.js';

const available = await servicesAvailable('The push lock-order tests', 'postgres');

const cdr = (sessionId: string, uuid: string) => cdrPush(uuid, sessionId);
const record = (sessionId: string, uuid: string) => recordPush(uuid, sessionId, 'seat');

/** Both replicas' first writes to a call, met: each waits for the other's, or 300 ms at most. */
function rendezvous() {
  const arrived = new Set<string>();
  const waiting: Array<() => void> = [];
  return async (replica: string) => {
    if (arrived.has(replica)) return;
    arrived.add(replica);
    if (arrived.size === 2) for (const go of waiting.splice(0)) go();
    else
      await new Promise<void>((go) => {
        waiting.push(go);
        setTimeout(go, 300);
      });
  };
}

/**
 * One replica's connection to the database, stopping at the meeting point after its first write to
 * `calls` or `call_recordings`, and noting every statement PostgreSQL refused as a deadlock.
 */
function replicaDb(url: string, name: string, meet: (replica: string) => Promise<void>, deadlocks: string[]) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const wrapped = new WeakSet<pg.PoolClient>();
  Object.assign(pool, {
    async connect() {
      const client = await connect();
      if (wrapped.has(client)) return client;
      wrapped.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      Object.assign(client, {
        async query(...args: unknown[]) {
          const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text);
          try {
            const result = await query(...args);
            if (/^insert into "?(calls|call_recordings)"? /.test(text)) await meet(name);
            return result;
          } catch (error) {
            if ((error as { code?: string }).code === '40P01')
              deadlocks.push(`${name}: ${text.slice(0, 40)}`);
            throw error;
          }
        },
      });
      return client;
    },
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

describe.runIf(available)('pushes for the same calls on two replicas (PostgreSQL)', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let handle: DatabaseHandle;
  let replicas: Kysely<Database>[];
  const deadlocks: string[] = [];

  beforeEach(async () => {
    created = await createPostgresDatabase();
    handle = await openDatabase(created.url);
    const meet = rendezvous();
    deadlocks.length = 0;
    replicas = ['A', 'B'].map((name) => replicaDb(created.url, name, meet, deadlocks));
  });
  afterEach(async () => {
    for (const r of replicas) await r.destroy();
    await handle.close();
    await created.drop();
  });

  const stored = async (sessionIds: string[]) => ({
    calls: await handle.db
      .selectFrom('calls')
      .select(['session_id', 'record_id', 'has_cdr', 'has_recording'])
      .where('session_id', 'in', sessionIds)
      .orderBy('session_id')
      .execute(),
    recordings: await handle.db
      .selectFrom('call_recordings')
      .select(['session_id', 'record_id', 'side'])
      .where('session_id', 'in', sessionIds)
      .orderBy('session_id')
      .execute(),
  });

  it("a call's CDR on one replica and its seat recording's push on the other both store, without a deadlock", async () => {
    const [a, b] = replicas as [Kysely<Database>, Kysely<Database>];
    const started = Date.now();
    const results = await Promise.allSettled([
      createPushIngester(a, Date.now).ingest(cdr('call-1', 'u-cdr-1')),
      createPushIngester(b, Date.now).ingest(record('call-1', 'u-rec-1')),
    ]);
    expect(deadlocks).toEqual([]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    // Not held for PostgreSQL's deadlock_timeout either (the meeting point costs 300 ms at most).
    expect(Date.now() - started).toBeLessThan(900);
    expect(await stored(['call-1'])).toEqual({
      calls: [{ session_id: 'call-1', record_id: 'call-1-mix', has_cdr: 1, has_recording: 1 }],
      recordings: [{ session_id: 'call-1', record_id: 'call-1-seat', side: 'agent' }],
    });
  });

  it('two batches holding the same calls in opposite orders both commit, without a deadlock', async () => {
    const [a, b] = replicas as [Kysely<Database>, Kysely<Database>];
    const onA = createPushIngester(a, Date.now);
    const onB = createPushIngester(b, Date.now);
    const started = Date.now();
    // Each ingester commits what arrived in one turn as one transaction: [1, 2] on A, [2, 1] on B.
    const results = await Promise.allSettled([
      onA.ingest(cdr('call-1', 'u-cdr-1')),
      onA.ingest(cdr('call-2', 'u-cdr-2')),
      onB.ingest(record('call-2', 'u-rec-2')),
      onB.ingest(record('call-1', 'u-rec-1')),
    ]);
    expect(deadlocks).toEqual([]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(Date.now() - started).toBeLessThan(900);
    const { calls, recordings } = await stored(['call-1', 'call-2']);
    expect(calls.map((c) => [c.session_id, c.has_cdr, c.has_recording])).toEqual([
      ['call-1', 1, 1],
      ['call-2', 1, 1],
    ]);
    expect(recordings.map((r) => r.record_id)).toEqual(['call-1-seat', 'call-2-seat']);
  });
});
