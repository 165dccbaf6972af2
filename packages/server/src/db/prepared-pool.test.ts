// On PostgreSQL each repeated statement is prepared once per connection and then only executed; a
// statement without parameters (DDL, begin, commit) is never named.
import { createPostgresDatabase, servicesAvailable } from '@tccc-dialer/test-support';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from './database.js';

const available = await servicesAvailable('The prepared-statement tests', 'postgres');

describe.runIf(available)('prepared statements on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    // One connection, so every statement below runs on the session whose prepared statements we read.
    handle = await openDatabase(database.url, { poolSize: 1 });
  });

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  const prepared = async () =>
    (
      await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(handle.db)
    ).rows.map((r) => r.statement);

  it('prepares a repeated statement once and reuses it, with the answers unchanged', async () => {
    const find = (username: string) =>
      handle.db.selectFrom('users').select('username').where('username', '=', username).execute();
    expect(await find('nobody')).toEqual([]);
    const once = (await prepared()).filter((s) => s.includes('from "users"'));
    expect(once).toHaveLength(1);
    await handle.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({
          username: 'alice',
          display_name: 'Alice',
          role: 'agent',
          seat_user_id: 'alice@example.com',
          password_hash: null,
          disabled: 0,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
    });
    expect(await find('alice')).toEqual([{ username: 'alice' }]);
    const after = await prepared();
    expect(after.filter((s) => s.includes('from "users"'))).toHaveLength(1);
    // begin/commit and the parameterless reads of pg_prepared_statements stay unnamed.
    expect(after.some((s) => /^(begin|commit)/i.test(s))).toBe(false);
    expect(after.some((s) => s.includes('pg_prepared_statements'))).toBe(false);
  });
});
