import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../db/schema.js';
import { ServerError } from '../errors.js';
import type { Account, AccountPatch, AccountStore } from './accounts.js';

function toAccount(row: Selectable<UsersTable>): Account {
  return {
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    seatUserId: row.seat_user_id,
    passwordHash: row.password_hash ?? undefined,
    disabled: row.disabled !== 0,
  };
}

/** Users in the `users` table, for SQLite and PostgreSQL alike. */
export function createDbAccountStore(db: Kysely<Database>, now: () => number = Date.now): AccountStore {
  return {
    async find(username) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return row === undefined ? undefined : toAccount(row);
    },
    async list() {
      const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
      return rows.map(toAccount);
    },
    async add(account) {
      const at = now();
      // Insert-if-absent on the primary key, so two replicas adding one name cannot both succeed.
      const result = await db
        .insertInto('users')
        .values({
          username: account.username,
          display_name: account.displayName,
          role: account.role,
          seat_user_id: account.seatUserId,
          password_hash: account.passwordHash ?? null,
          disabled: account.disabled ? 1 : 0,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) throw new ServerError('ACCOUNT_EXISTS');
    },
    async update(username, patch: AccountPatch) {
      const values: Partial<UsersTable> = { updated_at: now() };
      if (patch.displayName !== undefined) values.display_name = patch.displayName;
      if (patch.role !== undefined) values.role = patch.role;
      if (patch.seatUserId !== undefined) values.seat_user_id = patch.seatUserId;
      if ('passwordHash' in patch) values.password_hash = patch.passwordHash ?? null;
      if (patch.disabled !== undefined) values.disabled = patch.disabled ? 1 : 0;
      const result = await db
        .updateTable('users')
        .set(values)
        .where('username', '=', username)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
