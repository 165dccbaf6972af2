import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.js';
import type { SessionUser } from '../http/core-plugin.js';
import { storeUnavailable } from '../scale/store-unavailable.js';
import type { Account, AccountStore } from './accounts.js';
import { bearerToken, type OidcVerifier } from './oidc.js';
import type { SessionCodec } from './session-codec.js';
import type { SessionStore } from './session-store.js';
import type { TrustedHeader } from './trusted-header.js';

export const SESSION_COOKIE = 'tccc_session';

export interface SessionsOptions {
  codec: SessionCodec;
  store: AccountStore;
  /** Open sessions, shared by replicas (the database) so that ending one ends it everywhere. */
  sessions: SessionStore;
  ttlSeconds: number;
  /** Ends a session after this long without a request; 0: no idle timeout. */
  idleSeconds: number;
  now: () => number;
  /** Force the cookie's Secure flag; by default it follows the request's protocol. */
  secureCookies: boolean | undefined;
  oidc: OidcVerifier | undefined;
  trustedHeader: TrustedHeader | undefined;
}

export function toSessionUser(a: Account): SessionUser {
  return { username: a.username, displayName: a.displayName, role: a.role, seatUserId: a.seatUserId };
}

/** How often a session's last activity is written (at most once a minute, or a quarter of the idle timeout). */
const touchEveryMs = (idleSeconds: number) =>
  idleSeconds > 0 ? Math.min(60_000, idleSeconds * 250) : 60_000;

export interface Identity {
  account: Account;
  /** The cookie was sealed with the previous key and should be re-sealed. */
  stale: boolean;
  /** The server-side session the cookie names (absent for a bearer token or a proxy's header). */
  sessionId?: string | undefined;
  /** When the identity itself expires (an OIDC token's exp), Unix milliseconds. */
  expiresAt?: number | undefined;
}

/**
 * Who is calling: the session cookie, or (per auth mode) a verified bearer token or a trusted proxy's
 * header. The cookie names a server-side session: signing out, a password change, disabling the user
 * or "sign out everyone" deletes it, and every replica refuses the cookie from then on. The account is
 * re-read on every request too.
 */
export function createSessions(options: SessionsOptions) {
  const { codec, store, now, sessions } = options;
  const touchMs = touchEveryMs(options.idleSeconds);

  /** The live server-side session a cookie names, or undefined when it has ended. */
  async function liveSession(sid: string, username: string) {
    const record = await sessions.find(sid);
    const at = now();
    if (record === undefined || record.username !== username || record.expiresAt <= at) return undefined;
    if (options.idleSeconds > 0 && at - record.lastSeenAt > options.idleSeconds * 1000) {
      await sessions.end(sid);
      return undefined;
    }
    if (at - record.lastSeenAt >= touchMs) await sessions.touch(sid, at);
    return record;
  }

  async function activeAccount(username: string, unknown: 'UNAUTHENTICATED' | 'ACCOUNT_NOT_FOUND') {
    const account = await store.find(username);
    if (account === undefined) throw new ServerError(unknown);
    if (account.disabled) throw new ServerError('UNAUTHENTICATED');
    return account;
  }

  // An identity the request itself carries (a bearer token, the proxy's header) wins over the cookie:
  // when the user behind the browser changes at the identity provider or proxy, so does ours.
  async function identity(req: FastifyRequest): Promise<Identity | undefined> {
    const token = options.oidc === undefined ? undefined : bearerToken(req.headers.authorization);
    if (token !== undefined && options.oidc !== undefined) {
      const verified = await options.oidc.verify(token);
      return {
        account: await activeAccount(verified.username, 'ACCOUNT_NOT_FOUND'),
        stale: false,
        expiresAt: verified.exp * 1000,
      };
    }
    const proxied = options.trustedHeader?.identify(req.raw);
    if (proxied !== undefined)
      return { account: await activeAccount(proxied, 'ACCOUNT_NOT_FOUND'), stale: false };
    const session = openCookie(req);
    if (session === undefined) return undefined;
    const record = await liveSession(session.sid, session.username);
    if (record === undefined) throw new ServerError('UNAUTHENTICATED');
    return {
      account: await activeAccount(session.username, 'UNAUTHENTICATED'),
      stale: session.stale,
      sessionId: record.id,
      expiresAt: record.expiresAt,
    };
  }

  function openCookie(req: FastifyRequest) {
    const raw = req.cookies[SESSION_COOKIE];
    return raw === undefined ? undefined : codec.open(raw, now());
  }

  function setCookie(
    req: FastifyRequest,
    reply: FastifyReply,
    sid: string,
    username: string,
    expiresAt: number,
  ) {
    const exp = Math.floor(expiresAt / 1000);
    void reply.setCookie(SESSION_COOKIE, codec.seal({ sid, username, exp }), {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies ?? req.protocol === 'https',
      path: '/',
      maxAge: Math.max(1, exp - Math.floor(now() / 1000)),
    });
  }

  return {
    identity,
    /** For every /api route: the user, or UNAUTHENTICATED (whatever the reason, per the feature contract). */
    async authenticate(req: FastifyRequest): Promise<SessionUser> {
      let found: Awaited<ReturnType<typeof identity>>;
      try {
        found = await identity(req);
      } catch (error) {
        // The accounts cannot be read (the database is down): the session may be fine, so say that
        // the store is unavailable (503, retry) rather than send the agent back to sign-in.
        throw storeUnavailable(error) ?? new ServerError('UNAUTHENTICATED', { cause: error });
      }
      if (found === undefined) throw new ServerError('UNAUTHENTICATED');
      return toSessionUser(found.account);
    },
    activeAccount,
    /**
     * Opens a server-side session and sets its cookie. It lasts the TTL, or less when the identity
     * itself ends sooner (`notAfter`, an OIDC token's exp in Unix milliseconds).
     */
    async issue(
      req: FastifyRequest,
      reply: FastifyReply,
      username: string,
      notAfter?: number,
    ): Promise<void> {
      const at = now();
      const expiresAt = Math.min(at + options.ttlSeconds * 1000, notAfter ?? Number.POSITIVE_INFINITY);
      if (expiresAt <= at) throw new ServerError('INVALID_CREDENTIALS');
      const id = randomBytes(24).toString('base64url');
      await sessions.open({ id, username, createdAt: at, lastSeenAt: at, expiresAt });
      setCookie(req, reply, id, username, expiresAt);
    },
    /** Re-seals a live session's cookie with the current key (key rotation); the session stays the same. */
    reseal(req: FastifyRequest, reply: FastifyReply, found: Identity): void {
      if (found.sessionId === undefined || found.expiresAt === undefined) return;
      setCookie(req, reply, found.sessionId, found.account.username, found.expiresAt);
    },
    /** Sign-out: ends the cookie's session (on every replica) and clears the cookie. */
    async end(req: FastifyRequest, reply: FastifyReply): Promise<void> {
      const session = openCookie(req);
      if (session !== undefined) await sessions.end(session.sid);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
