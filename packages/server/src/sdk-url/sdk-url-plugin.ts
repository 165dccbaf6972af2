import fp from 'fastify-plugin';
import { contract } from '../api/contract.js';
import { ServerError } from '../errors.js';
import { typed } from '../http/routes.js';

export interface SdkUrlOptions {
  /** SDK URLs per user per minute (default 20). */
  perMinute?: number | undefined;
}

/**
 * `POST /api/tccc/sdk-url` → `{ sdkUrl, expiresAt }`. The seat is the signed-in user's, mapped on the
 * server; the body, query and headers are never read for it.
 */
export const sdkUrlPlugin = fp<SdkUrlOptions>(
  async (app, options) => {
    const limiter = app.dialer.coordination.rateLimiter('sdk-url', {
      max: options.perMinute ?? 20,
      windowMs: 60_000,
    });
    typed(app).route({
      ...contract.session.sdkUrl,
      handler: async (req, reply) => {
        const user = await app.authenticate(req);
        const rate = await limiter.take(user.username);
        if (!rate.ok)
          throw new ServerError('RATE_LIMITED', {
            retryAfterSeconds: Math.max(1, Math.ceil(rate.retryAfterMs / 1000)),
          });
        const login = await app.dialer.upstream.createSdkLogin(user.seatUserId);
        void reply.header('Cache-Control', 'no-store');
        return { sdkUrl: login.sdkUrl, expiresAt: login.expiresAt };
      },
    });
  },
  { name: 'tccc-dialer-sdk-url', dependencies: ['tccc-dialer-core', 'tccc-dialer-session'], fastify: '5.x' },
);
