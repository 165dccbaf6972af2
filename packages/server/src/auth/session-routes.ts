import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { User } from '../api-types.js';
import { ServerError } from '../errors.js';
import type { RateLimiter } from '../security/rate-limiter.js';
import { type AccountStore, checkPassword } from './accounts.js';
import type { Lockout } from './lockout.js';
import { type Sessions, toSessionUser } from './sessions.js';

export interface SessionRoutesOptions {
  authMode: 'local' | 'oidc' | 'header';
  store: AccountStore;
  sessions: Sessions;
  lockout: Lockout;
  signInLimiter: RateLimiter;
}

const credentials = z.object({
  username: z.string().trim().min(1).max(128),
  password: z.string().min(1).max(1024),
});

const publicUser = (u: User): User => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
});

function retryAfter(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** `POST /api/session` (sign in), `DELETE /api/session` (sign out), `GET /api/me`. */
export function sessionRoutes(app: FastifyInstance, o: SessionRoutesOptions): void {
  app.post('/api/session', async (req, reply) => {
    let username: string;
    if (o.authMode === 'local') {
      const body = credentials.safeParse(req.body);
      if (!body.success) throw new ServerError('INVALID_REQUEST');
      username = body.data.username;
      const rate = await o.signInLimiter.take(username);
      if (!rate.ok)
        throw new ServerError('RATE_LIMITED', { retryAfterSeconds: retryAfter(rate.retryAfterMs) });
      const locked = await o.lockout.lockedForMs(username);
      if (locked > 0) throw new ServerError('SIGN_IN_LOCKED', { retryAfterSeconds: retryAfter(locked) });
      const account = await o.store.find(username);
      const ok = await checkPassword(body.data.password, account?.passwordHash);
      if (account === undefined || account.disabled || !ok) {
        await o.lockout.failed(username);
        req.log.info({ event: 'sign-in-failed' }, 'sign-in refused');
        throw new ServerError('INVALID_CREDENTIALS');
      }
      await o.lockout.succeeded(username);
    } else {
      // oidc: a bearer token; header: the trusted proxy's header. Either names an existing user.
      const found = await o.sessions.identity(req);
      if (found === undefined) throw new ServerError('INVALID_CREDENTIALS');
      username = found.account.username;
    }
    const account = await o.sessions.activeAccount(username, 'UNAUTHENTICATED');
    o.sessions.issue(req, reply, account.username);
    req.log.info({ event: 'signed-in', user: account.username }, 'signed in');
    return { user: publicUser(account) };
  });

  app.delete('/api/session', async (_req, reply) => {
    o.sessions.clear(reply);
    return reply.status(204).send();
  });

  app.get('/api/me', async (req, reply) => {
    const found = await o.sessions.identity(req);
    if (found === undefined) throw new ServerError('UNAUTHENTICATED');
    // A cookie sealed with SESSION_SECRET_PREVIOUS is re-sealed with the current key (rotation).
    if (found.stale) o.sessions.issue(req, reply, found.account.username);
    void reply.header('Cache-Control', 'no-store');
    return { user: publicUser(toSessionUser(found.account)) };
  });
}
