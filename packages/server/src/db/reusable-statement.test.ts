// A statement compiled once answers each call with that call's values, on both engines.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../test-support/databases.js';
import type { DatabaseHandle } from './database.js';
import { reusableStatement } from './reusable-statement.js';

const sumAndEcho = reusableStatement(
  (_db, v: { a: number; b: number; word: string }) =>
    // `a` appears twice: PostgreSQL binds it once, SQLite at each place.
    sql<{
      sum: number;
      word: string;
      twice: number;
    }>`select cast(${v.a} as integer) + cast(${v.b} as integer) as sum, cast(${v.word} as text) as word,
      cast(${v.a} as integer) * 2 as twice`,
);

for (const target of await databaseTargets()) {
  describe(`a reusable statement on ${target.engine}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => {
      await handle?.close();
    });

    const run = async (v: { a: number; b: number; word: string }) => {
      const rows = (await handle.db.executeQuery(sumAndEcho(handle.db, v))).rows;
      return rows.map((r) => ({ sum: Number(r.sum), word: r.word, twice: Number(r.twice) }));
    };

    it('binds each call’s own values, the same text every time', async () => {
      expect(await run({ a: 1, b: 2, word: 'one' })).toEqual([{ sum: 3, word: 'one', twice: 2 }]);
      expect(await run({ word: 'two', b: 30, a: 10 })).toEqual([{ sum: 40, word: 'two', twice: 20 }]);
      const first = sumAndEcho(handle.db, { a: 1, b: 2, word: 'x' });
      const second = sumAndEcho(handle.db, { a: 5, b: 6, word: 'y' });
      expect(second.sql).toBe(first.sql);
      // PostgreSQL binds a value used twice once; SQLite's positional `?` needs it at each place.
      expect(second.parameters).toEqual(target.engine === 'postgres' ? [5, 6, 'y'] : [5, 6, 'y', 5]);
    });
  });
}

describe('a reusable statement that is not built from its values', () => {
  it('is refused when it is first compiled, before it reaches the database', async () => {
    const [sqlite] = await databaseTargets();
    const handle = await sqlite?.open();
    if (handle === undefined) throw new Error('no SQLite');
    try {
      const literal = reusableStatement((_db, v: { a: number }) => sql`select ${v.a} + ${7} as n`);
      expect(() => literal(handle.db, { a: 1 })).toThrow(/not one of its values/);
    } finally {
      await handle.close();
    }
  });
});
