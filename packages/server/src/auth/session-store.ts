import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** One open sign-in. Times are Unix milliseconds. */
export interface SessionRecord {
  id: string;
  username: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

/**
 * Where open sign-ins live: the database (shared by every replica) in the server, memory in an app
 * built without storage. A session whose row is gone is over, whatever its cookie says.
 */
export interface SessionStore {
  open(record: SessionRecord): Promise<void>;
  find(id: string): Promise<SessionRecord | undefined>;
  /** Records activity (for the idle timeout). */
  touch(id: string, at: number): Promise<void>;
  end(id: string): Promise<void>;
  /** Ends every session of `username` (password change, disabling); resolves how many. */
  endFor(username: string): Promise<number>;
  /** Ends every session of every user ("sign out everyone"). */
  endAll(): Promise<number>;
  /** Forgets sessions that expired before `at`. */
  pruneExpired(at: number): Promise<number>;
}

export function createMemorySessionStore(): SessionStore {
  const rows = new Map<string, SessionRecord>();
  const removeWhere = (test: (r: SessionRecord) => boolean) => {
    let n = 0;
    for (const [id, r] of rows)
      if (test(r)) {
        rows.delete(id);
        n++;
      }
    return n;
  };
  return {
    async open(record) {
      rows.set(record.id, { ...record });
    },
    async find(id) {
      const r = rows.get(id);
      return r === undefined ? undefined : { ...r };
    },
    async touch(id, at) {
      const r = rows.get(id);
      if (r !== undefined) r.lastSeenAt = at;
    },
    async end(id) {
      rows.delete(id);
    },
    async endFor(username) {
      return removeWhere((r) => r.username === username);
    },
    async endAll() {
      return removeWhere(() => true);
    },
    async pruneExpired(at) {
      return removeWhere((r) => r.expiresAt < at);
    },
  };
}

/** Sessions in the `sessions` table, for SQLite and PostgreSQL alike. */
export function createDbSessionStore(db: Kysely<Database>): SessionStore {
  return {
    async open(r) {
      await db
        .insertInto('sessions')
        .values({
          id: r.id,
          username: r.username,
          created_at: r.createdAt,
          last_seen_at: r.lastSeenAt,
          expires_at: r.expiresAt,
        })
        .execute();
    },
    async find(id) {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        id: row.id,
        username: row.username,
        createdAt: Number(row.created_at),
        lastSeenAt: Number(row.last_seen_at),
        expiresAt: Number(row.expires_at),
      };
    },
    async touch(id, at) {
      await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
    },
    async end(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async endFor(username) {
      const r = await db.deleteFrom('sessions').where('username', '=', username).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async endAll() {
      const r = await db.deleteFrom('sessions').executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async pruneExpired(at) {
      const r = await db.deleteFrom('sessions').where('expires_at', '<', at).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
