import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AccountStore } from './auth/accounts.js';
import type { LockoutOptions } from './auth/lockout.js';
import { createOidcVerifier, type OidcOptions } from './auth/oidc.js';
import { createSessionCodec } from './auth/session-codec.js';
import { sessionRoutes } from './auth/session-routes.js';
import { createSessions } from './auth/sessions.js';
import { createTrustedHeader } from './auth/trusted-header.js';
import type { Database } from './db/schema.js';
import { ServerError } from './errors.js';
import { type FeatureConfig, type FeatureContext, features } from './features.js';
import { healthRoutes, type ReadinessCheck } from './health/health-routes.js';
import { errorHandler, sendError } from './http/error-handler.js';
import { type LogOptions, loggerOptions } from './logging.js';
import { type Coordination, localCoordination } from './scale/coordination.js';
import { sdkUrlRoutes } from './sdk-url/sdk-url-routes.js';
import { contentSecurityPolicy } from './security/content-security-policy.js';
import { createOriginCheck } from './security/origin-check.js';
import type { Upstream } from './upstream/upstream.js';

export type AuthOptions =
  | { mode: 'local' }
  | ({ mode: 'oidc' } & OidcOptions)
  | { mode: 'header'; header: string };

export interface AppDeps {
  upstream: Upstream;
  store: AccountStore;
  /** The database behind the feature areas (call records, customers, ...); features need it. */
  db?: Kysely<Database>;
  /** Seals session cookies (≥ 32 characters). */
  sessionSecret: string;
  /** The key before the last rotation: its cookies still open. */
  previousSessionSecret?: string;
  sessionTtlSeconds?: number;
  /** Default local accounts. */
  auth?: AuthOptions;
  /** Configuration handed to the feature areas (e.g. the data push's basic auth). */
  config?: FeatureConfig;
  /** Proxies (addresses/CIDRs) whose forwarded headers are believed (`TRUST_PROXY`). */
  trustProxy?: string[];
  /** Origins allowed to POST besides the server's own host (`PUBLIC_ORIGIN`). */
  publicOrigins?: string[];
  /** CSP sources for the TCCC SDK (`SDK_ORIGINS`); default none (same-origin only). */
  sdkOrigins?: string[];
  /** Per-user limits. Defaults: 10 sign-ins and 20 SDK URLs per user per minute. */
  limits?: { signInPerMinute?: number; sdkUrlPerMinute?: number };
  lockout?: Omit<LockoutOptions, 'now'>;
  /** Where limits and lockouts are counted; default this process (`REDIS_URL`: shared by replicas). */
  coordination?: Coordination;
  /** Dependencies `/readyz` checks besides the database (e.g. Redis). */
  readiness?: ReadinessCheck[];
  /** Largest request body in bytes (default 64 KiB); a route may set its own. */
  bodyLimit?: number;
  /** Clock seam for tests. */
  now?: () => number;
  /** Force the cookie's Secure flag (default: when the request came over HTTPS). */
  secureCookies?: boolean;
  /** TLS for the listener (PEM). */
  https?: { cert: string | Buffer; key: string | Buffer };
  /** pino logging; `false` or absent: silent. */
  logger?: false | true | LogOptions;
}

/**
 * The server as a Fastify instance, without listening: security hooks, sign-in, sessions, SDK URLs,
 * health, and every feature area of `features.ts`. `server.ts` adds the process concerns.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const now = deps.now ?? Date.now;
  const auth = deps.auth ?? { mode: 'local' };
  const trustProxy = deps.trustProxy ?? [];
  const coordination = deps.coordination ?? localCoordination(now);
  const app = Fastify({
    ...(deps.https === undefined ? {} : { https: deps.https }),
    logger:
      deps.logger === undefined || deps.logger === false
        ? false
        : loggerOptions(deps.logger === true ? {} : deps.logger),
    bodyLimit: deps.bodyLimit ?? 64 * 1024,
    trustProxy: trustProxy.length > 0 ? trustProxy : false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
  }) as unknown as FastifyInstance;

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // While closing, a response that was in flight ends its keep-alive connection too, so close() does
  // not wait for the client's idle socket to time out.
  app.addHook('onSend', async (_req, reply) => {
    if (closing) void reply.header('connection', 'close');
  });

  const sessions = createSessions({
    codec: createSessionCodec(deps.sessionSecret, deps.previousSessionSecret),
    store: deps.store,
    ttlSeconds: deps.sessionTtlSeconds ?? 12 * 3600,
    now,
    secureCookies: deps.secureCookies,
    oidc: auth.mode === 'oidc' ? createOidcVerifier(auth) : undefined,
    trustedHeader: auth.mode === 'header' ? createTrustedHeader(auth.header, trustProxy) : undefined,
  });

  void app.register(cookie);
  void app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(deps.sdkOrigins ?? []) },
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => sendError(req, reply, new ServerError('NOT_FOUND')));
  app.addHook('onRequest', createOriginCheck(deps.publicOrigins ?? []));

  sessionRoutes(app, {
    authMode: auth.mode,
    store: deps.store,
    sessions,
    lockout: coordination.lockout(deps.lockout ?? {}),
    signInLimiter: coordination.rateLimiter('sign-in', {
      max: deps.limits?.signInPerMinute ?? 10,
      windowMs: 60_000,
    }),
  });
  sdkUrlRoutes(app, {
    sessions,
    upstream: deps.upstream,
    limiter: coordination.rateLimiter('sdk-url', {
      max: deps.limits?.sdkUrlPerMinute ?? 20,
      windowMs: 60_000,
    }),
  });
  healthRoutes(app, { db: deps.db, closing: () => closing, checks: deps.readiness ?? [] });

  const db = deps.db;
  if (db !== undefined) {
    const ctx: FeatureContext = {
      db,
      authenticate: sessions.authenticate,
      upstream: deps.upstream,
      now,
      ...(deps.config === undefined ? {} : { config: deps.config }),
    };
    for (const feature of features) void app.register(async (scope) => feature(scope, ctx));
  }
  return app;
}
