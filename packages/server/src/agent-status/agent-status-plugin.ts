import fp from 'fastify-plugin';
import { contract } from '../api/contract.js';
import { typed } from '../http/routes.js';
import { recordStatus, summariseStatuses } from './status-store.js';

/** The rest reasons offered when a deployment names none (`AGENT_REST_REASONS`). */
export const defaultRestReasons = ['lunch', 'training', 'meeting'];

/**
 * Agent status over the day: the browser reports each status TCCC confirmed (`statusChanged`), the
 * server keeps it with its own clock, and supervisors read the time in each status and occupancy.
 * Each report also moves the agent's row on the live board.
 */
export const agentStatusPlugin = fp<{
  restReasons?: string[] | undefined;
  wrapUpSeconds?: number | undefined;
}>(
  async (app, options) => {
    const { db, now } = app.dialer;
    if (db === undefined) throw new Error('tccc-dialer: agent status needs a database');
    const reasons = options.restReasons?.length ? options.restReasons : defaultRestReasons;
    const api = typed(app);

    api.route({
      ...contract.agentStatus.report,
      handler: async (req) => {
        const user = await app.authenticate(req);
        await recordStatus(db, {
          username: user.username,
          status: req.body.status,
          reason: req.body.status === 'rest' ? (req.body.reason ?? null) : null,
          at: now(),
        });
        // The same report moves the agent's row on the supervisor's live board.
        app.boardFeed?.status(user, {
          status: req.body.status,
          reason: req.body.reason,
          at: req.body.at ?? new Date(now()).toISOString(),
        });
        return { ok: true as const };
      },
    });

    api.route({
      ...contract.agentStatus.settings,
      handler: async () => ({ restReasons: reasons, wrapUpSeconds: options.wrapUpSeconds ?? 0 }),
    });

    api.route({
      ...contract.agentStatus.summary,
      handler: async (req) => summariseStatuses(db, { from: req.query.from, to: req.query.to, now: now() }),
    });
  },
  {
    name: 'tccc-dialer-agent-status',
    dependencies: ['tccc-dialer-core', 'tccc-dialer-session', 'tccc-dialer-board'],
    fastify: '5.x',
  },
);
