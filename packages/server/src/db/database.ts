import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrations.js';
import { preparingPool } from './prepared-pool.js';
import type { Database } from './schema.js';

export type DatabaseEngine = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Run migrations before returning (the server does; `tccc-dialer db migrate` runs them alone). */
  migrate?: boolean;
  /** PostgreSQL pool size per process. */
  poolSize?: number;
}

export const defaultDatabaseUrl = 'data/tccc-dialer.sqlite';

export function databaseEngine(url: string): DatabaseEngine {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

// PostgreSQL returns bigint and numeric as strings; our values (Unix ms, counts) fit a JS number.
const BIGINT_OID = 20;
const NUMERIC_OID = 1700;
// One parser function for every such column: `pg` asks for a column's parser on every result.
const toNumber = (value: string) => Number(value);
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === BIGINT_OID || oid === NUMERIC_OID
      ? toNumber
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * better-sqlite3 behind Kysely prepares every statement anew; the server repeats a small set of query
 * shapes (push upserts, history pages), so keeping the prepared statements saves most of that cost.
 */
function cachingStatements(sqlite: SqliteDatabase.Database, size = 200) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (stmt === undefined) {
        stmt = sqlite.prepare(text);
        if (cache.size >= size) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

function sqlitePath(url: string): string {
  if (url === ':memory:') return url;
  return resolve(url.replace(/^(sqlite|file):(\/\/)?/i, ''));
}

/**
 * Opens SQLite (a file path, `file:` URL or `:memory:`) or PostgreSQL (`postgres://`) behind one
 * Kysely instance. SQLite runs in WAL mode: a committed write survives the process being killed.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const engine = databaseEngine(url);
  let db: Kysely<Database>;
  if (engine === 'postgres') {
    // A server that is down or hung fails the request within 5 s (STORE_UNAVAILABLE) instead of
    // hanging it; an idle connection dropped by a PostgreSQL restart is replaced, not a crash.
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types: pgTypes,
      connectionTimeoutMillis: 5000,
    });
    pool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  } else {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
  }
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(db as Kysely<unknown>);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  return { db, engine, close: () => db.destroy() };
}

/** `tccc-dialer db migrate`: applies pending migrations and names them. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const handle = await openDatabase(url, { migrate: false });
  try {
    return (await migrateToLatest(handle.db as Kysely<unknown>)).applied;
  } finally {
    await handle.close();
  }
}
