import { createPostgresDatabase, postgresAdminUrl, postgresProblem } from '@tccc-dialer/test-support';
import { type DatabaseHandle, openDatabase } from '../db/database.js';

/**
 * The engines a storage test runs on: SQLite always, PostgreSQL when it answers. Each PostgreSQL test
 * gets a database of its own (created here, dropped on close), so parallel runs never collide and the
 * machine's shared server is left as it was. Set REQUIRE_SERVICES=1 (CI does) to fail instead of skip.
 */
export interface DatabaseTarget {
  engine: 'sqlite' | 'postgres';
  /** Opens a fresh, migrated, empty database. */
  open(): Promise<DatabaseHandle>;
}

export { createPostgresDatabase } from '@tccc-dialer/test-support';

export async function databaseTargets(): Promise<DatabaseTarget[]> {
  const targets: DatabaseTarget[] = [{ engine: 'sqlite', open: () => openDatabase(':memory:') }];
  const problem = await postgresProblem();
  if (problem === undefined) {
    targets.push({
      engine: 'postgres',
      async open() {
        const created = await createPostgresDatabase();
        const handle = await openDatabase(created.url, { poolSize: 4 });
        return {
          ...handle,
          async close() {
            await handle.close();
            await created.drop();
          },
        };
      },
    });
  } else if (process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`REQUIRE_SERVICES=1 but PostgreSQL at ${postgresAdminUrl} is unreachable: ${problem}`);
  } else {
    console.warn(
      `PostgreSQL at ${postgresAdminUrl} is unreachable (${problem}): the PostgreSQL runs of the storage tests are skipped. Set TEST_POSTGRES_URL to a server where the user may create databases.`,
    );
  }
  return targets;
}
