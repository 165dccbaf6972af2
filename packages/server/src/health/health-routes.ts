import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { messages } from '../errors.js';
import { locale } from '../http/error-handler.js';

/** One dependency `/readyz` checks, e.g. Redis; `check` rejects when it cannot be used. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<unknown>;
}

/** Longest one check may take: a hung dependency must not hang the load balancer's probe. */
const checkTimeoutMs = 2000;

async function passes(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), checkTimeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`: the process answers (liveness). `/readyz`: it can serve (readiness): not shutting down,
 * the database and every other dependency (Redis with `REDIS_URL`) reachable. The body's `checks`
 * names each dependency's state; a failure answers 503 `NOT_READY`, so the load balancer sends
 * traffic elsewhere until the dependency is back.
 */
export function healthRoutes(
  app: FastifyInstance,
  o: { db: Kysely<Database> | undefined; closing: () => boolean; checks?: ReadinessCheck[] },
): void {
  const db = o.db;
  const all: ReadinessCheck[] = [
    ...(db === undefined ? [] : [{ name: 'database', check: () => sql`select 1`.execute(db) }]),
    ...(o.checks ?? []),
  ];
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (req, reply) => {
    const checks: Record<string, 'ok' | 'unavailable' | 'closing'> = {};
    if (o.closing()) checks.server = 'closing';
    const results = await Promise.all(all.map((c) => passes(() => c.check())));
    all.forEach((c, i) => {
      checks[c.name] = results[i] ? 'ok' : 'unavailable';
    });
    void reply.header('Cache-Control', 'no-store');
    if (Object.values(checks).every((s) => s === 'ok')) return { ok: true, checks };
    req.log.warn({ checks }, 'not ready');
    return reply.status(503).send({
      error: { code: 'NOT_READY', message: messages.NOT_READY[locale(req)], requestId: req.id },
      checks,
    });
  });
}
