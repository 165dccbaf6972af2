import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { contract } from '../api/contract.js';
import type { Database } from '../db/schema.js';
import { typed } from '../http/routes.js';

/** GET /api/number-reveals: the audit of supervisors seeing protected numbers, newest first. */
export function registerNumberRevealsRoute(app: FastifyInstance, db: Kysely<Database>): void {
  typed(app).route({
    ...contract.numberReveals.list,
    handler: async (req) => {
      const rows = await db
        .selectFrom('number_reveals')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(req.query.limit)
        .execute();
      return {
        items: rows.map((r) => ({
          at: new Date(Number(r.created_at)).toISOString(),
          username: r.username,
          route: r.route,
          campaignIds: JSON.parse(r.campaign_ids) as string[],
          numbers: Number(r.numbers),
        })),
      };
    },
  });
}
