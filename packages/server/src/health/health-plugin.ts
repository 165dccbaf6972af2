import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { contract } from '../api/contract.js';
import { messages } from '../errors.js';
import { typed } from '../http/routes.js';

/** One dependency `/readyz` checks, e.g. Redis; `check` rejects when it cannot be used. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<unknown>;
}

export interface HealthOptions {
  /** Dependencies `/readyz` checks besides the database (e.g. Redis). */
  checks?: ReadinessCheck[] | undefined;
  /** True once the server is shutting down: `/readyz` fails so traffic moves elsewhere. */
  closing?: (() => boolean) | undefined;
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
export const healthPlugin = fp<HealthOptions>(
  async (app, o) => {
    const db = app.dialer.db;
    const all: ReadinessCheck[] = [
      ...(db === undefined ? [] : [{ name: 'database', check: () => sql`select 1`.execute(db) }]),
      ...(o.checks ?? []),
    ];
    const api = typed(app);
    api.route({ ...contract.health.live, handler: async () => ({ ok: true as const }) });
    api.route({
      ...contract.health.ready,
      handler: async (req, reply) => {
        const checks: Record<string, 'ok' | 'unavailable' | 'closing'> = {};
        if (o.closing?.() === true) checks.server = 'closing';
        const results = await Promise.all(all.map((c) => passes(() => c.check())));
        all.forEach((c, i) => {
          checks[c.name] = results[i] ? 'ok' : 'unavailable';
        });
        void reply.header('Cache-Control', 'no-store');
        if (Object.values(checks).every((s) => s === 'ok')) return { ok: true as const, checks };
        req.log.warn({ checks }, 'not ready');
        return reply.status(503).send({
          error: { code: 'NOT_READY' as const, message: messages.NOT_READY[req.locale], requestId: req.id },
          checks,
        });
      },
    });
  },
  { name: 'tccc-dialer-health', dependencies: ['tccc-dialer-core'], fastify: '5.x' },
);
