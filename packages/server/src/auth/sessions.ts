import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.js';
import type { SessionUser } from '../http/core-plugin.js';
import { storeUnavailable } from '../scale/store-unavailable.js';
import type { Account, AccountStore } from './accounts.js';
import { bearerToken, type OidcVerifier } from './oidc.js';
import type { SessionCodec } from './session-codec.js';
import type { TrustedHeader } from './trusted-header.js';

export const SESSION_COOKIE = 'tccc_session';

export interface SessionsOptions {
  codec: SessionCodec;
  store: AccountStore;
  ttlSeconds: number;
  now: () => number;
  /** Force the cookie's Secure flag; by default it follows the request's protocol. */
  secureCookies: boolean | undefined;
  oidc: OidcVerifier | undefined;
  trustedHeader: TrustedHeader | undefined;
}

export function toSessionUser(a: Account): SessionUser {
  return { username: a.username, displayName: a.displayName, role: a.role, seatUserId: a.seatUserId };
}

/**
 * Who is calling: the session cookie, or (per auth mode) a verified bearer token or a trusted proxy's
 * header. The account is re-read on every request, so disabling a user ends their sessions at once.
 */
export function createSessions(options: SessionsOptions) {
  const { codec, store, now } = options;

  async function activeAccount(username: string, unknown: 'UNAUTHENTICATED' | 'ACCOUNT_NOT_FOUND') {
    const account = await store.find(username);
    if (account === undefined) throw new ServerError(unknown);
    if (account.disabled) throw new ServerError('UNAUTHENTICATED');
    return account;
  }

  // An identity the request itself carries (a bearer token, the proxy's header) wins over the cookie:
  // when the user behind the browser changes at the identity provider or proxy, so does ours.
  async function identity(req: FastifyRequest): Promise<{ account: Account; stale: boolean } | undefined> {
    const token = options.oidc === undefined ? undefined : bearerToken(req.headers.authorization);
    if (token !== undefined && options.oidc !== undefined) {
      const name = await options.oidc.verify(token);
      return { account: await activeAccount(name, 'ACCOUNT_NOT_FOUND'), stale: false };
    }
    const proxied = options.trustedHeader?.identify(req.raw);
    if (proxied !== undefined)
      return { account: await activeAccount(proxied, 'ACCOUNT_NOT_FOUND'), stale: false };
    const raw = req.cookies[SESSION_COOKIE];
    const session = raw === undefined ? undefined : codec.open(raw, now());
    if (session !== undefined)
      return { account: await activeAccount(session.username, 'UNAUTHENTICATED'), stale: session.stale };
    return undefined;
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
    issue(req: FastifyRequest, reply: FastifyReply, username: string): void {
      const exp = Math.floor(now() / 1000) + options.ttlSeconds;
      void reply.setCookie(SESSION_COOKIE, codec.seal({ username, exp }), {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies ?? req.protocol === 'https',
        path: '/',
        maxAge: options.ttlSeconds,
      });
    },
    clear(reply: FastifyReply): void {
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
