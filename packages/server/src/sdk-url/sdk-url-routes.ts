import type { FastifyInstance } from 'fastify';
import type { Sessions } from '../auth/sessions.js';
import { ServerError } from '../errors.js';
import type { RateLimiter } from '../security/rate-limiter.js';
import type { Upstream } from '../upstream/upstream.js';

/**
 * `POST /api/tccc/sdk-url` → `{ sdkUrl, expiresAt }`. The seat is the signed-in user's, mapped on the
 * server; the body, query and headers are never read for it.
 */
export function sdkUrlRoutes(
  app: FastifyInstance,
  o: { sessions: Sessions; upstream: Upstream; limiter: RateLimiter },
): void {
  app.post('/api/tccc/sdk-url', async (req, reply) => {
    const user = await o.sessions.authenticate(req);
    const rate = await o.limiter.take(user.username);
    if (!rate.ok)
      throw new ServerError('RATE_LIMITED', {
        retryAfterSeconds: Math.max(1, Math.ceil(rate.retryAfterMs / 1000)),
      });
    const login = await o.upstream.createSdkLogin(user.seatUserId);
    void reply.header('Cache-Control', 'no-store');
    return { sdkUrl: login.sdkUrl, expiresAt: login.expiresAt };
  });
}
