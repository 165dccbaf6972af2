import fp from 'fastify-plugin';
import { contract } from '../api/contract.js';
import { ServerError } from '../errors.js';
import type { SessionUser } from '../http/core-plugin.js';
import { typed } from '../http/routes.js';
import { createNumberShield } from '../numbers/number-shield.js';
import { findCall } from '../records/call-query.js';
import { analysisOf } from './call-analysis.js';
import { dispositionOf } from './call-disposition.js';
import { createTranscriptFetcher, type TranscriptFetchOptions } from './transcript-fetcher.js';
import { searchTranscripts, transcriptOf } from './transcript-store.js';

const canSee = (user: SessionUser, call: { seatUserId: string }) =>
  user.role === 'supervisor' || call.seatUserId === user.seatUserId;

/** Reviewing a call: its transcript (stored after the first fetch), TCCC's AI analysis, and phrase search. */
export const reviewPlugin = fp<{ transcripts?: TranscriptFetchOptions | undefined }>(
  async (app, options) => {
    const { db: maybeDb, upstream, now, sdkAppId } = app.dialer;
    if (maybeDb === undefined) throw new Error('tccc-dialer: call review needs a database');
    const db = maybeDb;
    const shield = createNumberShield(db, now);

    const background = options.transcripts;
    if (background !== undefined && background.perMinute > 0) {
      const fetcher = createTranscriptFetcher({
        db,
        upstream,
        sdkAppId,
        now,
        limiter: app.dialer.coordination.rateLimiter('transcript-fetch', {
          max: background.perMinute,
          windowMs: 60_000,
        }),
        options: background,
      });
      let timer: NodeJS.Timeout | undefined;
      let running: Promise<unknown> | undefined;
      const tick = () => {
        // A pass still asking (TCCC slow) is not joined by another.
        if (running !== undefined) return;
        running = fetcher
          .runOnce()
          .catch((error: unknown) =>
            app.log.warn(
              { code: (error as { code?: string }).code ?? 'UNKNOWN' },
              'background transcript fetch failed',
            ),
          )
          .finally(() => (running = undefined));
      };
      app.addHook('onReady', async () => {
        timer = setInterval(tick, background.intervalMs ?? 10_000).unref();
      });
      app.addHook('onClose', async () => {
        clearInterval(timer);
        await running;
      });
    }

    async function visibleCall(user: SessionUser, sessionId: string) {
      const call = await findCall(db, sessionId);
      if (call === undefined || !canSee(user, call)) throw new ServerError('CALL_NOT_FOUND');
      return call;
    }

    const api = typed(app);
    api.route({
      ...contract.review.call,
      handler: async (req) => {
        const user = await app.authenticate(req);
        // The call's page shows a protected number to an agent as its customer ID, as history does.
        const call = await visibleCall(user, req.params.sessionId);
        const [shown = call] = await shield.calls(user, 'GET /api/calls/:sessionId', [call]);
        return { ...shown, disposition: await dispositionOf(db, call.sessionId) };
      },
    });
    api.route({
      ...contract.review.transcript,
      handler: async (req) => {
        const user = await app.authenticate(req);
        const call = await visibleCall(user, req.params.sessionId);
        return { sessionId: call.sessionId, lines: await transcriptOf(db, upstream, sdkAppId, call, now()) };
      },
    });
    api.route({
      ...contract.review.analysis,
      handler: async (req) => {
        const user = await app.authenticate(req);
        const call = await visibleCall(user, req.params.sessionId);
        return analysisOf(upstream, sdkAppId, call, now());
      },
    });
    api.route({
      ...contract.review.search,
      handler: async (req) => {
        const user = await app.authenticate(req);
        return { items: await searchTranscripts(db, user, req.query.q, req.query.speaker) };
      },
    });
  },
  { name: 'tccc-dialer-review', dependencies: ['tccc-dialer-core', 'tccc-dialer-session'], fastify: '5.x' },
);
