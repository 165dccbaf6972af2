import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { customerIdPattern, newCustomerId } from './customer-id.js';

/** The server's own table behind number protection: one stable, random customer ID per number. */
export function createMappingStore(db: Kysely<Database>, now: () => number) {
  /** The ID of a number (national form), made the first time the number is seen. */
  async function idFor(phone: string): Promise<string> {
    const found = await db
      .selectFrom('number_mappings')
      .select('id')
      .where('phone', '=', phone)
      .executeTakeFirst();
    if (found !== undefined) return found.id;
    // Two requests for a new number at once: one insert wins, both read its ID.
    await db
      .insertInto('number_mappings')
      .values({ id: newCustomerId(), phone, created_at: now() })
      .onConflict((oc) => oc.column('phone').doNothing())
      .execute();
    const row = await db
      .selectFrom('number_mappings')
      .select('id')
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The number behind an ID, or undefined for an ID this server never gave out. */
  async function phoneFor(id: string): Promise<string | undefined> {
    if (!customerIdPattern.test(id)) return undefined;
    const row = await db
      .selectFrom('number_mappings')
      .select('phone')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.phone;
  }

  /** Numbers of many IDs at once (history and CDR merges). */
  async function phonesFor(ids: string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id) => customerIdPattern.test(id)))];
    if (wanted.length === 0) return new Map();
    const rows = await db
      .selectFrom('number_mappings')
      .select(['id', 'phone'])
      .where('id', 'in', wanted)
      .execute();
    return new Map(rows.map((r) => [r.id, r.phone]));
  }

  return { idFor, phoneFor, phonesFor };
}

export type MappingStore = ReturnType<typeof createMappingStore>;
