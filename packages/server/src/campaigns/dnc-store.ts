import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DncNumber } from '../api-types.js';
import type { Database } from '../db/schema.js';

/** The do-not-call list; every change writes an audit row with who, when and why. */
export function createDncStore(db: Kysely<Database>, now: () => number) {
  return {
    async list(q?: string): Promise<DncNumber[]> {
      let query = db.selectFrom('dnc_numbers').selectAll().orderBy('added_at', 'desc').limit(500);
      if (q !== undefined && q !== '') query = query.where('phone', 'like', `%${q.replace(/[%_\\]/g, '')}%`);
      return (await query.execute()).map((r) => ({
        phone: r.phone,
        reason: r.reason,
        addedBy: r.added_by,
        addedAt: new Date(r.added_at).toISOString(),
      }));
    },

    /** Adds numbers (already normalised); a number already listed keeps its first reason. */
    async add(phones: string[], reason: string, actor: string): Promise<number> {
      const t = now();
      let added = 0;
      await db.transaction().execute(async (trx) => {
        for (const phone of phones) {
          const r = await trx
            .insertInto('dnc_numbers')
            .values({ phone, reason, added_by: actor, added_at: t })
            .onConflict((oc) => oc.column('phone').doNothing())
            .executeTakeFirst();
          if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) continue;
          added++;
          await trx
            .insertInto('dnc_audit')
            .values({ id: randomUUID(), phone, action: 'add', reason, actor, at: t })
            .execute();
        }
      });
      return added;
    },

    async remove(phone: string, reason: string, actor: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const r = await trx.deleteFrom('dnc_numbers').where('phone', '=', phone).executeTakeFirst();
        if (Number(r.numDeletedRows) === 0) return false;
        await trx
          .insertInto('dnc_audit')
          .values({ id: randomUUID(), phone, action: 'remove', reason, actor, at: now() })
          .execute();
        return true;
      });
    },

    async audit(phone?: string) {
      let query = db.selectFrom('dnc_audit').selectAll().orderBy('at', 'desc').limit(500);
      if (phone !== undefined) query = query.where('phone', '=', phone);
      return (await query.execute()).map((r) => ({
        phone: r.phone,
        action: r.action,
        reason: r.reason,
        actor: r.actor,
        at: new Date(r.at).toISOString(),
      }));
    },
  };
}
