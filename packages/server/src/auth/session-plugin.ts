import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { contract } from '../api/contract.js';
import { ServerError } from '../errors.js';
import type { SessionUser } from '../http/core-plugin.js';
import { oncePerRequest, typed } from '../http/routes.js';
import type { AccountStore, Role } from './accounts.js';
import { checkPassword } from './accounts.js';
import { createHashQueue, type HashQueueOptions } from './hash-queue.js';
import type { LockoutOptions } from './lockout.js';
import { createOidcVerifier, type OidcOptions } from './oidc.js';
import { createSessionCodec } from './session-codec.js';
import { createDbSessionStore, createMemorySessionStore, type SessionStore } from './session-store.js';
import { createSessions, type Sessions, toSessionUser } from './sessions.js';
import { createTrustedHeader } from './trusted-header.js';

export type AuthOptions =
  | { mode: 'local' }
  | ({ mode: 'oidc' } & OidcOptions)
  | { mode: 'header'; header: string };

/** The product's own sign-in: accounts, the session cookie, and how a user proves who they are. */
export interface SignInOptions {
  store: AccountStore;
  /** Seals session cookies (≥ 32 characters). */
  sessionSecret: string;
  /** The key before the last rotation: its cookies still open. */
  previousSessionSecret?: string | undefined;
  sessionTtlSeconds?: number | undefined;
  /** End a session after this long without a request (`SESSION_IDLE_MINUTES`); default 0, none. */
  sessionIdleSeconds?: number | undefined;
  /** Where open sessions live; default the app's database (shared by replicas), else this process. */
  sessionStore?: SessionStore | undefined;
  auth?: AuthOptions | undefined;
  /** Proxies whose forwarded headers are believed (`TRUST_PROXY`); the header mode's peers. */
  trustProxy?: string[] | undefined;
  /** Force the cookie's Secure flag (default: when the request came over HTTPS). */
  secureCookies?: boolean | undefined;
  lockout?: Omit<LockoutOptions, 'now'> | undefined;
  /** Failed sign-ins counted per client address (default: 20 free, then backoff). */
  addressLockout?: Omit<LockoutOptions, 'now'> | undefined;
  /** Sign-ins per username and client address per minute (default 10). */
  signInPerMinute?: number | undefined;
  /** Concurrent password checks and how many may wait (per process). */
  hashing?: HashQueueOptions | undefined;
}

/** Who is calling, as an integrator's backend knows them: its own user and the TCCC seat it maps them to. */
export interface SeatUser {
  username: string;
  seatUserId: string;
  role?: Role | undefined;
  displayName?: string | undefined;
}

export type SeatFor = (req: FastifyRequest) => SeatUser | undefined | Promise<SeatUser | undefined>;

export type SessionOptions =
  | { signIn: SignInOptions; seatFor?: undefined }
  | { seatFor: SeatFor; signIn?: undefined };

const retryAfter = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

const publicUser = (u: SessionUser) => ({ username: u.username, displayName: u.displayName, role: u.role });

/** `POST /api/session` (sign in), `DELETE /api/session` (sign out), `GET /api/me`, over the session cookie. */
async function builtInSignIn(app: FastifyInstance, o: SignInOptions): Promise<void> {
  const now = app.dialer.now;
  const auth = o.auth ?? { mode: 'local' };
  const sessions: Sessions = createSessions({
    codec: createSessionCodec(o.sessionSecret, o.previousSessionSecret),
    store: o.store,
    sessions:
      o.sessionStore ??
      (app.dialer.db === undefined ? createMemorySessionStore() : createDbSessionStore(app.dialer.db)),
    ttlSeconds: o.sessionTtlSeconds ?? 12 * 3600,
    idleSeconds: o.sessionIdleSeconds ?? 0,
    now,
    secureCookies: o.secureCookies,
    oidc: auth.mode === 'oidc' ? createOidcVerifier(auth) : undefined,
    trustedHeader: auth.mode === 'header' ? createTrustedHeader(auth.header, o.trustProxy ?? []) : undefined,
  });
  const lockout = app.dialer.coordination.lockout(o.lockout ?? {});
  const addressLockout = app.dialer.coordination.lockout(o.addressLockout ?? { freeAttempts: 20 }, 'address');
  const knownClients = app.dialer.coordination.knownClients();
  const hashing = createHashQueue(o.hashing);
  const signInLimiter = app.dialer.coordination.rateLimiter('sign-in', {
    max: o.signInPerMinute ?? 10,
    windowMs: 60_000,
  });
  if (!app.hasDecorator('parseCookie')) await app.register(cookie);
  app.decorate('authenticate', oncePerRequest(sessions.authenticate));
  const api = typed(app);

  api.route({
    ...contract.session.signIn,
    handler: async (req, reply) => {
      let username: string;
      let notAfter: number | undefined;
      if (auth.mode === 'local') {
        const { username: name, password } = req.body ?? {};
        if (name === undefined || password === undefined) throw new ServerError('INVALID_REQUEST');
        username = name;
        // The client's address: behind TRUST_PROXY, the one the proxy forwarded.
        const address = req.ip;
        // Guesses from one address stop there, whatever usernames they try.
        const addressLocked = await addressLockout.lockedForMs(address);
        if (addressLocked > 0)
          throw new ServerError('SIGN_IN_LOCKED', { retryAfterSeconds: retryAfter(addressLocked) });
        // A locked username still lets the real user in from an address they signed in from before.
        const known = await knownClients.isKnown(username, address);
        // A full queue is answered now, before a lookup or a check is spent on the request, and before
        // the user's own limit: retries the server asked for do not use up the user's attempts.
        if (!hashing.admits(known))
          throw new ServerError('SIGN_IN_BUSY', { retryAfterSeconds: hashing.retryAfterSeconds(known) });
        const rate = await signInLimiter.take(`${username}\n${address}`);
        if (!rate.ok)
          throw new ServerError('RATE_LIMITED', { retryAfterSeconds: retryAfter(rate.retryAfterMs) });
        const locked = await lockout.lockedForMs(username);
        if (locked > 0 && !known)
          throw new ServerError('SIGN_IN_LOCKED', { retryAfterSeconds: retryAfter(locked) });
        const account = await o.store.find(username);
        const ok = await hashing.run(() => checkPassword(password, account?.passwordHash), known);
        if (account === undefined || account.disabled || !ok) {
          await lockout.failed(username);
          await addressLockout.failed(address);
          req.log.info({ event: 'sign-in-failed' }, 'sign-in refused');
          throw new ServerError('INVALID_CREDENTIALS');
        }
        // A success during a lock (from a known address) leaves the lock on for everyone else.
        if (locked === 0) await lockout.succeeded(username);
        await addressLockout.succeeded(address);
        await knownClients.remember(username, address);
      } else {
        // oidc: a bearer token; header: the trusted proxy's header. Either names an existing user.
        const found = await sessions.identity(req);
        if (found === undefined) throw new ServerError('INVALID_CREDENTIALS');
        username = found.account.username;
        // An OIDC session never outlives the token that opened it, nor a renewed one the session it renews.
        notAfter = found.expiresAt;
      }
      const account = await sessions.activeAccount(username, 'UNAUTHENTICATED');
      await sessions.issue(req, reply, account.username, notAfter);
      req.log.info({ event: 'signed-in', user: account.username }, 'signed in');
      return { user: publicUser(toSessionUser(account)) };
    },
  });

  api.route({
    ...contract.session.signOut,
    handler: async (req, reply) => {
      await sessions.end(req, reply);
      return reply.status(204).send(null);
    },
  });

  api.route({
    ...contract.session.me,
    handler: async (req, reply) => {
      const found = await sessions.identity(req);
      if (found === undefined) throw new ServerError('UNAUTHENTICATED');
      // A cookie sealed with SESSION_SECRET_PREVIOUS is re-sealed with the current key (rotation).
      if (found.stale) sessions.reseal(req, reply, found);
      void reply.header('Cache-Control', 'no-store');
      return { user: publicUser(toSessionUser(found.account)) };
    },
  });
}

/** The host app's own authentication decides the user and seat; the product only reads it. */
function hostSignIn(app: FastifyInstance, seatFor: SeatFor): void {
  const identify = async (req: FastifyRequest): Promise<SessionUser> => {
    let seat: SeatUser | undefined;
    try {
      seat = await seatFor(req);
    } catch (error) {
      throw new ServerError('UNAUTHENTICATED', { cause: error });
    }
    if (seat === undefined) throw new ServerError('UNAUTHENTICATED');
    return {
      username: seat.username,
      seatUserId: seat.seatUserId,
      role: seat.role ?? 'agent',
      displayName: seat.displayName ?? seat.username,
    };
  };
  app.decorate('authenticate', oncePerRequest(identify));
  typed(app).route({
    ...contract.session.me,
    handler: async (req, reply) => {
      const user = await app.authenticate(req);
      void reply.header('Cache-Control', 'no-store');
      return { user: publicUser(user) };
    },
  });
}

/** Who is calling: the built-in sign-in and session cookie, or the host app's `seatFor`. */
export const sessionPlugin = fp<SessionOptions>(
  async (app, options) => {
    if (options.seatFor !== undefined) hostSignIn(app, options.seatFor);
    else await builtInSignIn(app, options.signIn);
  },
  { name: 'tccc-dialer-session', dependencies: ['tccc-dialer-core'], fastify: '5.x' },
);
