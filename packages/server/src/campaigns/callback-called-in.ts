import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** Why an entry closed when its customer called in and an agent talked to them. */
export const calledInReason = 'calledIn';

/**
 * A customer with a callback still waiting called in and was answered: the callback is done, by that
 * call. Entries an agent holds right now are left to that agent's own result.
 */
export async function closeCallbacksCalledIn(
  db: Kysely<Database> | Transaction<Database>,
  phone: string,
  now: number,
): Promise<number> {
  if (phone === '') return 0;
  const result = await db
    .updateTable('campaign_entries')
    .set({
      status: 'closed',
      close_reason: calledInReason,
      callback_at: null,
      owner: null,
      owner_until: null,
      updated_at: now,
    })
    .where('phone', '=', phone)
    .where('status', '=', 'pending')
    .where('callback_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
