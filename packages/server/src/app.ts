import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AccountStore } from './auth/accounts.js';
import type { HashQueueOptions } from './auth/hash-queue.js';
import type { LockoutOptions } from './auth/lockout.js';
import type { AuthOptions } from './auth/session-plugin.js';
import type { SessionStore } from './auth/session-store.js';
import type { NumberMappingConfig } from './config/number-mapping-config.js';
import type { Database } from './db/schema.js';
import { ServerError } from './errors.js';
import type { ReadinessCheck } from './health/health-plugin.js';
import { errorHandler, sendError } from './http/error-handler.js';
import { decorateLocale } from './http/locale.js';
import { type LogOptions, loggerOptions } from './logging.js';
import { type TcccDialerOptions, tcccDialer } from './plugin.js';
import type { CdrSyncSchedule } from './records/cdr-sync-schedule.js';
import type { RetentionOptions } from './records/retention.js';
import type { Coordination } from './scale/coordination.js';
import { contentSecurityPolicy } from './security/content-security-policy.js';
import type { Upstream } from './upstream/upstream.js';

export type { AuthOptions } from './auth/session-plugin.js';

/** The parts of the validated configuration the feature areas read (no cloud-API secret among them). */
export interface FeatureConfig {
  mode: 'emulator' | 'cloud';
  /** `PUSH_BASIC_AUTH` (`user:password`) TCCC's data push presents. */
  pushBasicAuth: string | undefined;
  tccc: { sdkAppId: number };
  /** Number protection (NUMBER_MAPPING and its settings); absent: off. */
  numberMapping?: NumberMappingConfig;
  /** `AGENT_REST_REASONS`. */
  restReasons?: string[] | undefined;
  /** `WRAP_UP_SECONDS`. */
  wrapUpSeconds?: number | undefined;
  /** `TRANSCRIPT_FETCH_PER_MINUTE`: background transcript fetches; 0 or absent: none. */
  transcriptFetchPerMinute?: number | undefined;
  /** `CALL_DISPOSITIONS`. */
  callDispositions?: string[] | undefined;
  /** `AGENT_STATUS_STALE_SECONDS`. */
  statusStaleSeconds?: number | undefined;
}

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
  /** End a session after this long without a request; default 0 (none). */
  sessionIdleSeconds?: number;
  /** Where open sessions live; default `db` (shared by replicas), else this process. */
  sessionStore?: SessionStore;
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
  limits?: { signInPerMinute?: number; sdkUrlPerMinute?: number; recordingsPerMinute?: number };
  lockout?: Omit<LockoutOptions, 'now'>;
  /** Failed sign-ins per client address before backoff (default 20 free). */
  addressLockout?: Omit<LockoutOptions, 'now'>;
  /** Concurrent password checks and how many may wait (default 2 and 32, per process). */
  signInHashing?: HashQueueOptions;
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
  /** Retention of dial permits and push receipts, pruned hourly by one replica. */
  retention?: RetentionOptions;
  /** The background DescribeTelCdr sync. */
  cdrSync?: CdrSyncSchedule;
  /** The supervisor's live board (its shared hub and metrics lock with Redis). */
  board?: TcccDialerOptions['board'];
}

/**
 * The standalone server as a Fastify instance, without listening: the process-wide HTTP concerns
 * (logging, proxies, security headers, a graceful close) around the `tcccDialer` plugin with the
 * product's own sign-in. `server.ts` adds the process concerns.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const trustProxy = deps.trustProxy ?? [];
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
    // Refusals of the router itself (a path segment over that length, a malformed URL) in the one coded shape.
    frameworkErrors: errorHandler,
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

  void app.register(cookie);
  void app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(deps.sdkOrigins ?? []) },
  });
  decorateLocale(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => sendError(req, reply, new ServerError('NOT_FOUND')));

  void app.register(tcccDialer, {
    upstream: deps.upstream,
    db: deps.db,
    mode: deps.config?.mode,
    sdkAppId: deps.config?.tccc.sdkAppId,
    pushBasicAuth: deps.config?.pushBasicAuth,
    numberMapping: deps.config?.numberMapping,
    coordination: deps.coordination,
    sdkUrlPerMinute: deps.limits?.sdkUrlPerMinute,
    publicOrigins: deps.publicOrigins,
    readiness: deps.readiness,
    closing: () => closing,
    cdrSync: deps.cdrSync,
    recordingsPerMinute: deps.limits?.recordingsPerMinute,
    retention: deps.retention,
    board: deps.board,
    restReasons: deps.config?.restReasons,
    wrapUpSeconds: deps.config?.wrapUpSeconds,
    transcripts: deps.config?.transcriptFetchPerMinute
      ? { perMinute: deps.config.transcriptFetchPerMinute }
      : undefined,
    callDispositions: deps.config?.callDispositions,
    statusStaleSeconds: deps.config?.statusStaleSeconds,
    now: deps.now,
    signIn: {
      store: deps.store,
      sessionSecret: deps.sessionSecret,
      previousSessionSecret: deps.previousSessionSecret,
      sessionTtlSeconds: deps.sessionTtlSeconds,
      sessionIdleSeconds: deps.sessionIdleSeconds,
      sessionStore: deps.sessionStore,
      auth: deps.auth,
      trustProxy,
      secureCookies: deps.secureCookies,
      lockout: deps.lockout,
      addressLockout: deps.addressLockout,
      hashing: deps.signInHashing,
      signInPerMinute: deps.limits?.signInPerMinute,
    },
  });
  return app;
}
