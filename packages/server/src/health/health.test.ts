import SqliteDatabase from 'better-sqlite3';
import Fastify from 'fastify';
import { Kysely, SqliteDialect } from 'kysely';
import { expect, it } from 'vitest';
import { numberMappingOff } from '../config/number-mapping-config.js';
import type { Database } from '../db/schema.js';
import { corePlugin } from '../http/core-plugin.js';
import { localCoordination } from '../scale/coordination.js';
import type { Upstream } from '../upstream/upstream.js';
import { healthPlugin } from './health-plugin.js';

it('/readyz answers NOT_READY (503) when the database is gone or the server is closing, /healthz still ok', async () => {
  const sqlite = new SqliteDatabase(':memory:');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  let closing = false;
  const app = Fastify();
  const context = {
    db,
    upstream: {} as Upstream,
    now: Date.now,
    mode: 'cloud' as const,
    sdkAppId: 0,
    pushBasicAuth: undefined,
    coordination: localCoordination(),
    numberMapping: numberMappingOff,
  };
  await app.register(corePlugin, { context, publicOrigins: [] });
  await app.register(healthPlugin, { closing: () => closing });
  expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  closing = true;
  const shutting = await app.inject({ method: 'GET', url: '/readyz' });
  expect([shutting.statusCode, shutting.json().error.code]).toEqual([503, 'NOT_READY']);
  closing = false;
  await db.destroy();
  const gone = await app.inject({ method: 'GET', url: '/readyz' });
  expect([gone.statusCode, gone.json().error.code]).toEqual([503, 'NOT_READY']);
  expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  await app.close();
});
