import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databaseTargets } from '../test-support/databases.js';
import { migrateToLatest } from './migrations.js';

describe.each(await databaseTargets())('migrations on $engine', ({ open }) => {
  it('runs a migration that sorts before ones the database already ran, once', async () => {
    const handle = await open();
    try {
      // A database migrated before 0452 existed: it has 0500 and later, but not 0452.
      await sql`delete from kysely_migration where name = ${'0452-number-reveals'}`.execute(handle.db);
      await handle.db.schema.dropTable('number_reveals').execute();
      expect((await migrateToLatest(handle.db as never)).applied).toEqual(['0452-number-reveals']);
      expect(await handle.db.selectFrom('number_reveals').selectAll().execute()).toEqual([]);
      expect((await migrateToLatest(handle.db as never)).applied).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
