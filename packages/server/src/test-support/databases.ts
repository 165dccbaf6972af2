import { randomBytes } from 'node:crypto';
import pg from 'pg';
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

export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL cannot be used for tests, or undefined when it answers. */
export async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh database on the shared PostgreSQL server, and its URL. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tccc_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // A plain drop first: forcing it while a closed pool's backends are still exiting sends those
    // clients a FATAL they no longer listen for (an uncaught error in the test run).
    async drop() {
      for (let attempt = 0; attempt < 40; attempt++) {
        try {
          await adminQuery(`drop database if exists ${name}`);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

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
