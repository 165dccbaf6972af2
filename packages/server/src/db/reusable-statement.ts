import { CompiledQuery, type Kysely, PostgresAdapter, type RawBuilder } from 'kysely';
import type { Database } from './schema.js';

interface Compiled<Values> {
  sql: string;
  /** The value bound at each parameter position. */
  names: (keyof Values)[];
}

/**
 * A raw statement whose text is compiled once per engine, for a statement a busy server runs many
 * times a second: building it through Kysely on every call costs more than binding its values.
 *
 * `build` is called once per engine with placeholders in place of the values (it must put them in
 * the statement and not look at them). Where each placeholder lands in the compiled parameters
 * says where each call's value goes. On PostgreSQL a value the statement uses several times is
 * bound once (`$1` wherever it appears): every bound parameter costs the driver and the server.
 */
export function reusableStatement<Values extends object, Row>(
  build: (db: Kysely<Database>, values: Values) => RawBuilder<Row>,
): (db: Kysely<Database>, values: Values) => CompiledQuery<Row> {
  const byEngine = new WeakMap<object, Compiled<Values>>();
  return (db, values) => {
    const adapter = db.getExecutor().adapter;
    let statement = byEngine.get(adapter.constructor);
    if (statement === undefined) {
      statement = compile(db, build, Object.keys(values) as (keyof Values)[]);
      if (adapter instanceof PostgresAdapter) statement = bindEachOnce(statement);
      byEngine.set(adapter.constructor, statement);
    }
    return CompiledQuery.raw(
      statement.sql,
      statement.names.map((name) => values[name]),
    ) as CompiledQuery<Row>;
  };
}

function compile<Values extends object, Row>(
  db: Kysely<Database>,
  build: (db: Kysely<Database>, values: Values) => RawBuilder<Row>,
  names: (keyof Values)[],
): Compiled<Values> {
  const placeholders = new Map<unknown, keyof Values>(names.map((name) => [{ placeholder: name }, name]));
  const values = Object.fromEntries([...placeholders].map(([placeholder, name]) => [name, placeholder]));
  const query = build(db, values as Values).compile(db);
  return {
    sql: query.sql,
    names: query.parameters.map((p) => {
      const name = placeholders.get(p);
      if (name === undefined)
        throw new Error('reusableStatement: the statement holds a value that is not one of its values');
      return name;
    }),
  };
}

/** `$1 … $n`, one per appearance as Kysely numbers them, renumbered to one per value. */
function bindEachOnce<Values>(statement: Compiled<Values>): Compiled<Values> {
  const positions = statement.sql.match(/\$\d+/g) ?? [];
  if (positions.length !== statement.names.length)
    throw new Error('reusableStatement: the statement text holds a "$" and digits of its own');
  const names = [...new Set(statement.names)];
  const sql = statement.sql.replace(/\$(\d+)/g, (_, k: string) => {
    const name = statement.names[Number(k) - 1] as keyof Values;
    return `$${names.indexOf(name) + 1}`;
  });
  return { sql, names };
}
