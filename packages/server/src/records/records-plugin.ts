import fp from 'fastify-plugin';
import type { z } from 'zod';
import type { callFilters } from '../api/calls.js';
import { contract } from '../api/contract.js';
import type { CallRecord } from '../api-types.js';
import { csvStream } from '../csv/csv-write.js';
import { ServerError } from '../errors.js';
import { typed } from '../http/routes.js';
import { createNumberShield } from '../numbers/number-shield.js';
import { normalisePhone } from '../phone/phone.js';
import { type CallFilter, callStats, decodeCursor, iterateCalls, listCalls } from './call-query.js';
import { setNote, upsertBrowserEvent } from './call-store.js';
import { callColumns } from './calls-csv.js';
import { type CdrApi, cdrApiFromUpstream } from './cdr-api.js';
import { type CdrSyncSchedule, scheduleCdrSync } from './cdr-sync-schedule.js';
import { registerPushRoute } from './push-route.js';
import { registerRecordingRoutes } from './recording-routes.js';

export interface RecordsOptions {
  /** Overrides the upstream for DescribeSessionDetail (tests, or a separately paced client). */
  cdrApi?: CdrApi | undefined;
  /** The background DescribeTelCdr sync; absent: none (the CLI's `cdr sync` still works). */
  cdrSync?: CdrSyncSchedule | undefined;
  /** Recording links each user may fetch from TCCC per minute (cached ones do not count); default 30. */
  recordingsPerMinute?: number | undefined;
}

function filterOf(q: z.output<typeof callFilters>): CallFilter {
  return {
    from: q.from,
    to: q.to,
    outcome: q.outcome,
    phone: q.phone === undefined ? undefined : normalisePhone(q.phone),
    agent: q.agent,
  };
}

/** The rows of a search that must find nothing. */
async function* noCalls(): AsyncGenerator<CallRecord> {}

/**
 * Call records: the browser's call events, TCCC's data push, the history API with CSV export,
 * recording playback, notes and dashboard stats. The push route authenticates TCCC by basic auth;
 * every other route needs a session.
 */
export const recordsPlugin = fp<RecordsOptions>(
  async (app, options) => {
    const { db: maybeDb, upstream, now, sdkAppId, pushBasicAuth } = app.dialer;
    if (maybeDb === undefined) throw new Error('tccc-dialer: call records need a database');
    const db = maybeDb;
    const cdrApi = options.cdrApi ?? cdrApiFromUpstream(upstream, sdkAppId);
    const shield = createNumberShield(db, now);
    const recordings = registerRecordingRoutes(app, {
      db,
      cdrApi,
      now,
      limiter: app.dialer.coordination.rateLimiter('recording', {
        max: options.recordingsPerMinute ?? 30,
        windowMs: 60_000,
      }),
    });
    await registerPushRoute(app, {
      db,
      pushBasicAuth,
      now,
      auditPermits: app.dialer.numberMapping.enabled,
      onCdrStored: (sessionId) => app.boardFeed?.callEnded(sessionId),
      onRecordPushed: (recordId, url) => recordings.remember(recordId, url),
    });
    if (options.cdrSync !== undefined)
      scheduleCdrSync(app, cdrApiFromUpstream(upstream, sdkAppId), options.cdrSync);

    await app.register(async (scope) => {
      // navigator.sendBeacon posts text/plain; the JSON is the same.
      scope.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
        try {
          done(null, JSON.parse(String(body)));
        } catch (cause) {
          done(new ServerError('INVALID_REQUEST', { cause }), undefined);
        }
      });
      typed(scope).route({
        ...contract.calls.postEvent,
        handler: async (req, reply) => {
          const user = await app.authenticate(req);
          const ok = await upsertBrowserEvent(db, user, req.body, now());
          if (!ok) throw new ServerError('FORBIDDEN');
          app.boardFeed?.callEvent(user, req.body);
          return reply.status(202).send({ ok: true });
        },
      });
    });

    const api = typed(app);
    api.route({
      ...contract.calls.list,
      handler: async (req) => {
        const user = await app.authenticate(req);
        const q = req.query;
        const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
        if (q.cursor !== undefined && cursor === undefined) throw new ServerError('INVALID_REQUEST');
        const filter = filterOf(q);
        if (await shield.hidesSearch(user, filter.phone)) return { items: [], nextCursor: null };
        const page = await listCalls(db, user, filter, { limit: q.limit, cursor });
        return { ...page, items: await shield.calls(user, 'GET /api/calls', page.items) };
      },
    });

    api.route({
      ...contract.calls.exportCsv,
      handler: async (req, reply) => {
        const user = await app.authenticate(req);
        const stamp = new Date(now()).toISOString().slice(0, 10);
        const filter = filterOf(req.query);
        const hidden = await shield.hidesSearch(user, filter.phone);
        return reply
          .header('Content-Type', 'text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="calls-${stamp}.csv"`)
          .header('Cache-Control', 'no-store')
          .send(
            csvStream(
              callColumns,
              shield.callStream(
                user,
                'GET /api/calls/export.csv',
                hidden ? noCalls() : iterateCalls(db, user, filter),
              ),
              req.locale,
            ),
          );
      },
    });

    api.route({
      ...contract.calls.note,
      handler: async (req) => {
        const user = await app.authenticate(req);
        const ok = await setNote(db, user, req.params.sessionId, req.body.note, now());
        if (!ok) throw new ServerError('FORBIDDEN');
        return { ok: true as const };
      },
    });

    api.route({
      ...contract.calls.stats,
      handler: async (req) => {
        const user = await app.authenticate(req);
        if (user.role !== 'supervisor') throw new ServerError('FORBIDDEN');
        const { from, to } = req.query;
        if (to <= from) throw new ServerError('INVALID_REQUEST');
        return callStats(db, from, to);
      },
    });
  },
  { name: 'tccc-dialer-records', dependencies: ['tccc-dialer-core', 'tccc-dialer-session'], fastify: '5.x' },
);
