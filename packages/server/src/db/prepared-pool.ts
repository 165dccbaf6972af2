import type pg from 'pg';

/** Distinct statement texts named per process; others (one-off shapes past the cap) go unnamed. */
const defaultMaxStatements = 500;

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * Kysely sends every query unnamed, so PostgreSQL parses and plans each one anew. The server repeats a
 * small set of statement shapes (claims, history pages, push upserts), and parse and plan cost several
 * times the execution of an indexed lookup. This names each parameterised statement text once, so every
 * pooled connection prepares it on first use and afterwards only binds and executes it (what `pg` does
 * with a named query). Statements without parameters (DDL, `begin`, `commit`) stay unnamed.
 */
export function preparingPool(pool: pg.Pool, maxStatements = defaultMaxStatements): pg.Pool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < maxStatements) {
      name = `tccc_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  const patched = new WeakSet<object>();
  const patch = (client: pg.PoolClient): pg.PoolClient => {
    if (patched.has(client)) return client;
    patched.add(client);
    const target = client as unknown as { query: Query };
    const original = target.query.bind(client) as Query;
    target.query = (config, values, callback) => {
      if (
        typeof config === 'string' &&
        Array.isArray(values) &&
        values.length > 0 &&
        callback === undefined
      ) {
        const name = nameOf(config);
        if (name !== undefined) return original({ name, text: config, values });
      }
      return original(config, values, callback);
    };
    return client;
  };
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  return new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'connect') return async () => patch(await connect());
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
