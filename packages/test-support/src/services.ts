import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * What some suites need from the machine beyond Node: the shared PostgreSQL and Redis, and the
 * binaries of Debian's redis-server, nginx and PostgreSQL for tests that run servers of their own.
 * A developer's machine may lack them: those suites then say so in one line and do not run. CI sets
 * REQUIRE_SERVICES=1 (in .ci/run), where a missing service fails the run instead.
 */
export type Service = 'postgres' | 'redis' | 'redis-server' | 'nginx' | 'postgres-server';

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

export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().at(-1);
  const bin = version === undefined ? undefined : join(root, version, 'bin');
  return bin !== undefined && existsSync(join(bin, 'initdb')) ? bin : undefined;
}

async function redisProblem(): Promise<string | undefined> {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    client.disconnect();
  }
}

function binaryProblem(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined ? undefined : `${command} is not installed`;
}

const checks: Record<Service, { what: string; problem: () => Promise<string | undefined> }> = {
  postgres: { what: `PostgreSQL at ${postgresAdminUrl} (TEST_POSTGRES_URL)`, problem: postgresProblem },
  redis: { what: `Redis at ${redisUrl} (TEST_REDIS_URL)`, problem: redisProblem },
  'redis-server': {
    what: "Debian's redis-server binary",
    problem: async () => binaryProblem('redis-server', ['--version']),
  },
  nginx: {
    what: "Debian's nginx binary",
    problem: async () => (existsSync('/usr/sbin/nginx') ? undefined : binaryProblem('nginx', ['-v'])),
  },
  'postgres-server': {
    what: "Debian's PostgreSQL server binaries (initdb, pg_ctl)",
    problem: async () => (postgresBinDir() === undefined ? 'not found under /usr/lib/postgresql' : undefined),
  },
};

/**
 * Resolves true when every service answers. Otherwise prints why the suite does not run (or throws
 * under REQUIRE_SERVICES=1) and resolves false; use it with `describe.runIf`.
 */
export async function servicesAvailable(suite: string, ...services: Service[]): Promise<boolean> {
  const missing: string[] = [];
  for (const service of services) {
    const check = checks[service];
    const problem = await check.problem();
    if (problem !== undefined) missing.push(`${check.what}: ${problem}`);
  }
  if (missing.length === 0) return true;
  const line = `${suite}: missing ${missing.join('; ')}`;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`REQUIRE_SERVICES=1 and ${line}`);
  console.warn(`not run: ${line}. Install and start them to run it here; CI always runs it.`);
  return false;
}
