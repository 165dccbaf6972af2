import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Customer, Page } from '../api-types.js';
import type { Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import type { NewCustomer } from './customer-import.js';

export type { Customer } from '../api-types.js';
export type CustomerPage = Page<Customer>;

// The cursor is the last row's sort key; opaque to clients, checked on the way back in.
const encodeCursor = (c: Customer) => Buffer.from(JSON.stringify([c.name, c.id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return value as [string, string];
    }
  } catch {
    // falls through to the error below
  }
  throw new ServerError('INVALID_REQUEST');
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createCustomerStore(db: Kysely<Database>, now: () => number = Date.now) {
  return {
    /** Customers by name, searched by name, company or any part of the phone number. */
    async list(options: { q?: string; limit: number; cursor?: string }): Promise<CustomerPage> {
      let query = db
        .selectFrom('customers')
        .select(['id', 'name', 'phone', 'company', 'note'])
        .orderBy('name')
        .orderBy('id')
        .limit(options.limit + 1);
      const q = options.q?.trim().toLowerCase();
      if (q) {
        const pattern = likePattern(q);
        const digits = q.replace(/[\s()+-]/g, '');
        query = query.where((eb) =>
          eb.or([
            eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`),
            eb(sql`lower(coalesce(company, ''))`, 'like', sql`${pattern} escape '\\'`),
            ...(/^\d+$/.test(digits) ? [eb('phone', 'like', `%${digits}%`)] : []),
          ]),
        );
      }
      if (options.cursor !== undefined) {
        const [name, id] = decodeCursor(options.cursor);
        query = query.where((eb) =>
          eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]),
        );
      }
      const rows = await query.execute();
      const items = rows.slice(0, options.limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > options.limit && last ? encodeCursor(last) : null };
    },

    /** Which of these national numbers are already customers. */
    async existingPhones(phones: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (let i = 0; i < phones.length; i += 500) {
        const chunk = phones.slice(i, i + 500);
        if (chunk.length === 0) continue;
        const rows = await db.selectFrom('customers').select('phone').where('phone', 'in', chunk).execute();
        for (const r of rows) found.add(r.phone);
      }
      return found;
    },

    /** Inserts the customers; returns how many were added. */
    async insertMany(customers: readonly NewCustomer[]): Promise<number> {
      const at = now();
      let inserted = 0;
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < customers.length; i += 200) {
          const values = customers
            .slice(i, i + 200)
            .map((c) => ({ id: randomUUID(), ...c, created_at: at, updated_at: at }));
          if (values.length === 0) continue;
          // A concurrent import of the same number loses quietly instead of failing the whole file.
          const [result] = await trx
            .insertInto('customers')
            .values(values)
            .onConflict((oc) => oc.column('phone').doNothing())
            .execute();
          inserted += Number(result?.numInsertedOrUpdatedRows ?? 0);
        }
      });
      return inserted;
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type CustomerStore = ReturnType<typeof createCustomerStore>;
