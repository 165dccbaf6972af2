// Retention: old dial permits and push receipts, and expired sessions, are pruned by exactly one of the
// replicas that ask together (two connections to one database: a SQLite file, and PostgreSQL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, servicesAvailable } from '@tccc-dialer/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { runRetention } from './retention.js';

const postgres = await servicesAvailable('The PostgreSQL run of the retention test', 'postgres');
const dir = mkdtempSync(join(tmpdir(), 'tccc-retention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const now = Date.UTC(2026, 5, 1);
const options = { dialPermitDays: 400, pushReceiptDays: 30, intervalMs: 3_600_000 };

async function seed(h: DatabaseHandle) {
  const permit = (id: string, age: number) => ({
    id,
    phone: '13800138000',
    agent_username: 'agent',
    campaign_id: null,
    entry_id: null,
    allowed: 1,
    reason: null,
    created_at: now - age,
  });
  await h.db
    .insertInto('dial_permits')
    .values([permit('old', 401 * DAY), permit('recent', 399 * DAY)])
    .execute();
  const receipt = (push_uuid: string, age: number) => ({
    push_uuid,
    action: 'cdr',
    session_id: 's',
    received_at: now - age,
  });
  await h.db
    .insertInto('push_receipts')
    .values([receipt('old', 31 * DAY), receipt('recent', 29 * DAY)])
    .execute();
  const session = (id: string, expiresAt: number) => ({
    id,
    username: 'agent',
    created_at: now - DAY,
    last_seen_at: now - DAY,
    expires_at: expiresAt,
  });
  await h.db
    .insertInto('sessions')
    .values([session('expired', now - 1000), session('open', now + 1000)])
    .execute();
}

const engines = [
  {
    engine: 'sqlite',
    run: true,
    url: async () => ({ url: join(dir, 'replicas.sqlite'), drop: async () => {} }),
  },
  { engine: 'postgres', run: postgres, url: () => createPostgresDatabase() },
];

describe.each(engines)('retention ($engine)', ({ run, url }) => {
  it.runIf(run)('prunes past the retention settings, once per interval whichever replicas ask', async () => {
    const created = await url();
    const a = await openDatabase(created.url);
    const b = await openDatabase(created.url);
    try {
      await seed(a);
      const runs = await Promise.all([
        runRetention(a.db, now, options),
        runRetention(b.db, now, options),
        runRetention(b.db, now + 1000, options),
      ]);
      const done = runs.filter((r) => r !== undefined);
      expect(done).toEqual([{ dialPermits: 1, pushReceipts: 1, sessions: 1 }]);
      const ids = async (table: 'dial_permits' | 'sessions') =>
        (await b.db.selectFrom(table).select('id').execute()).map((r) => r.id);
      expect(await ids('dial_permits')).toEqual(['recent']);
      expect(await ids('sessions')).toEqual(['open']);
      expect(
        (await b.db.selectFrom('push_receipts').select('push_uuid').execute()).map((r) => r.push_uuid),
      ).toEqual(['recent']);
      // Not again within the hour; the next hour's run is due, on either replica.
      expect(await runRetention(b.db, now + 3_599_000, options)).toBeUndefined();
      // By then the open session has expired too.
      expect(await runRetention(b.db, now + 3_601_000, options)).toEqual({
        dialPermits: 0,
        pushReceipts: 0,
        sessions: 1,
      });
    } finally {
      await a.close();
      await b.close();
      await created.drop();
    }
  });
});
