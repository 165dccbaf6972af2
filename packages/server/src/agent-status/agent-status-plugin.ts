import fp from 'fastify-plugin';
import { contract } from '../api/contract.js';
import { ServerError } from '../errors.js';
import { typed } from '../http/routes.js';
import { setDisposition } from '../records/call-store.js';
import { callDispositions } from './call-dispositions.js';
import { recordAlive, recordStatus, summariseStatuses } from './status-store.js';

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
  callDispositions?: string[] | undefined;
  statusStaleSeconds?: number | undefined;
}>(
  async (app, options) => {
    const { db, now } = app.dialer;
    if (db === undefined) throw new Error('tccc-dialer: agent status needs a database');
    const reasons = options.restReasons?.length ? options.restReasons : defaultRestReasons;
    const dispositions = callDispositions(options.callDispositions);
    const staleMs = (options.statusStaleSeconds ?? 180) * 1000;
    const api = typed(app);

    api.route({
      ...contract.agentStatus.report,
      handler: async (req) => {
        const user = await app.authenticate(req);
        await recordStatus(
          db,
          {
            username: user.username,
            status: req.body.status,
            reason: req.body.status === 'rest' ? (req.body.reason ?? null) : null,
            at: now(),
          },
          staleMs,
        );
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
      handler: async () => ({
        restReasons: reasons,
        wrapUpSeconds: options.wrapUpSeconds ?? 0,
        dispositions,
      }),
    });

    api.route({
      ...contract.agentStatus.disposition,
      handler: async (req) => {
        const user = await app.authenticate(req);
        const { disposition } = req.body;
        if (disposition !== null && !dispositions.some((d) => d.key === disposition))
          throw new ServerError('INVALID_REQUEST');
        if (!(await setDisposition(db, user, req.params.sessionId, disposition, now())))
          throw new ServerError('FORBIDDEN');
        return { ok: true as const };
      },
    });

    api.route({
      ...contract.agentStatus.summary,
      handler: async (req) =>
        summariseStatuses(db, { from: req.query.from, to: req.query.to, now: now(), staleMs }),
    });

    api.route({
      ...contract.agentStatus.alive,
      handler: async (req) => {
        const user = await app.authenticate(req);
        await recordAlive(db, user.username, now(), staleMs);
        return { ok: true as const };
      },
    });
  },
  {
    name: 'tccc-dialer-agent-status',
    dependencies: ['tccc-dialer-core', 'tccc-dialer-session', 'tccc-dialer-board'],
    fastify: '5.x',
  },
);
