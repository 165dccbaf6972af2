import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { ServerError } from '../errors.js';

/** `/healthz`: the process answers. `/readyz`: it can serve (database reachable, not shutting down). */
export function healthRoutes(
  app: FastifyInstance,
  o: { db: Kysely<Database> | undefined; closing: () => boolean },
): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async () => {
    if (o.closing()) throw new ServerError('NOT_READY');
    if (o.db !== undefined) {
      try {
        await sql`select 1`.execute(o.db);
      } catch (error) {
        throw new ServerError('NOT_READY', { cause: error });
      }
    }
    return { ok: true };
  });
}
