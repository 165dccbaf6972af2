import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { createDbAccountStore } from './auth/account-store.js';
import { type AccountStore, demoAccounts, seedDemoAccounts } from './auth/accounts.js';
import type { ServerConfig } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/database.js';
import { type LogOptions, logUpstreamAttempt } from './logging.js';
import { cdrApiFromUpstream } from './records/cdr-api.js';
import { type SyncJob, startCdrSyncJob, syncCdrs } from './records/cdr-sync.js';
import { createRedisLeaderLock, startLeaderJob } from './scale/leader-lock.js';
import { openRedis } from './scale/redis-connection.js';
import { scaleOutThroughRedis } from './scale/scale-out.js';
import { createUpstream } from './upstream/client.js';
import type { Upstream } from './upstream/upstream.js';

export interface RunningServer {
  app: FastifyInstance;
  /** Where a person opens the workbench. */
  url: string;
  store: AccountStore;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Lines for a person (the demo banner); default console.log. */
  print?: (line: string) => void;
  log?: LogOptions;
  /** Install SIGTERM/SIGINT handlers that finish in-flight requests before exiting. */
  handleSignals?: boolean;
}

async function workbenchRoot(): Promise<string | undefined> {
  try {
    const spec = '@tccc-dialer/workbench';
    const mod = (await import(spec)) as { workbenchDir?: string | URL };
    const dir = mod.workbenchDir;
    if (dir === undefined) return undefined;
    const path = dir instanceof URL || String(dir).startsWith('file:') ? fileURLToPath(dir) : String(dir);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The process around `buildApp`: database, upstream client, TLS, listening, the demo accounts in
 * emulator mode, and a graceful close (stop accepting, finish in-flight requests, then release).
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => console.log(line));
  const emulator = config.mode === 'emulator';
  const database: DatabaseHandle = await openDatabase(config.databaseUrl);
  const store = createDbAccountStore(database.db);
  let app: FastifyInstance | undefined;
  // With REDIS_URL, replicas share one pacer (one quota per Tencent Cloud account / SdkAppId), the
  // SDK-URL coalescing, the per-user limits, the sign-in lockout and the CDR sync's lock.
  const prefix = config.redisKeyPrefix;
  const redis = config.redisUrl === undefined ? undefined : openRedis(config.redisUrl);
  if (redis !== undefined)
    await redis.connect().catch(() => {
      // Keeps reconnecting in the background; /readyz says "redis: unavailable" until it answers.
      print('Redis (REDIS_URL) does not answer yet: requests that need it fail until it does.');
    });
  const shared =
    redis === undefined
      ? undefined
      : scaleOutThroughRedis({
          redis,
          prefix,
          sdkAppId: config.tccc.sdkAppId,
          qps: config.tccc.qps,
          deadlineMs: config.tccc.deadlineMs,
        });
  const direct = createUpstream({
    ...(shared === undefined ? {} : { pacer: shared.pacer }),
    apiEndpoint: config.tccc.apiEndpoint,
    secretId: config.tccc.secretId,
    secretKey: config.tccc.secretKey,
    sdkAppId: config.tccc.sdkAppId,
    protocol: config.tccc.protocol,
    qps: config.tccc.qps,
    attemptTimeoutMs: config.tccc.attemptTimeoutMs,
    deadlineMs: config.tccc.deadlineMs,
    onAttempt: (a) => {
      if (app !== undefined) logUpstreamAttempt(app.log, a);
    },
  });
  const upstream: Upstream = shared === undefined ? direct : shared.share(direct);
  let sessionSecret = config.session.secret;
  if (sessionSecret === undefined) {
    sessionSecret = randomBytes(32).toString('hex');
    print('SESSION_SECRET is not set: using a random key for this process (sign-ins end on restart).');
  }
  const tls =
    config.tls === undefined
      ? undefined
      : { cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) };
  app = buildApp({
    upstream,
    store,
    db: database.db,
    sessionSecret,
    ...(config.session.previousSecret === undefined
      ? {}
      : { previousSessionSecret: config.session.previousSecret }),
    sessionTtlSeconds: config.session.ttlSeconds,
    ...(shared === undefined ? {} : { coordination: shared.coordination, readiness: shared.readiness }),
    auth: config.auth,
    config: {
      mode: config.mode,
      pushBasicAuth: config.pushBasicAuth,
      tccc: { sdkAppId: config.tccc.sdkAppId },
    },
    trustProxy: config.trustProxy,
    publicOrigins: config.publicOrigins,
    sdkOrigins: config.sdkOrigins,
    ...(tls === undefined ? {} : { https: tls, secureCookies: true }),
    logger: { level: config.logLevel, ...options.log },
  });
  const root = await workbenchRoot();
  if (root !== undefined) {
    const { default: fastifyStatic } = await import('@fastify/static');
    await app.register(fastifyStatic, { root });
  } else {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain').send('The workbench is not built: npm run build.'),
    );
  }
  const address = await app.listen({ port: config.port, host: config.host });
  const port = new URL(address).port;
  const scheme = tls === undefined ? 'http' : 'https';
  const host =
    config.host === '127.0.0.1' || config.host === '0.0.0.0' || config.host === '::'
      ? 'localhost'
      : config.host;
  const url = config.publicOrigins[0] ?? `${scheme}://${host}:${port}`;

  if (emulator) {
    await seedDemoAccounts(store);
    print(`tccc-dialer is running against the TCCC emulator at ${config.tccc.apiEndpoint}.`);
    print(`Open ${url} and sign in with one of the demo accounts (password tccc-demo):`);
    for (const a of demoAccounts)
      print(`  ${a.username.padEnd(12)} ${a.role.padEnd(11)} seat ${a.seatUserId}`);
  } else {
    print(`tccc-dialer is running: ${url}`);
  }

  const running = app;
  // Backfills what the data push missed, on one replica at a time.
  const syncOptions = {
    db: database.db,
    api: cdrApiFromUpstream(upstream, config.tccc.sdkAppId),
    onInvalid: (info: { sessionId: string | undefined; reason: string }) =>
      running.log.warn(info, 'CDR sync skipped a record that does not parse'),
  };
  const onSyncError = (error: unknown) =>
    running.log.warn(
      { code: (error as { code?: string }).code ?? 'UNKNOWN' },
      'CDR sync failed; retrying next run',
    );
  const firstDelayMs = Math.min(config.cdrSyncIntervalMs, 10_000);
  let syncJob: SyncJob | undefined;
  if (config.cdrSyncIntervalMs > 0 && redis !== undefined) {
    // A Redis lock with expiry: renewed apart from the runs, so a long run keeps it; a dead holder's
    // lock lapses after CDR_SYNC_LEASE_SECONDS and another replica takes over.
    const lock = createRedisLeaderLock({
      redis,
      key: `${prefix}:cdr-sync:lock`,
      ttlMs: config.cdrSyncLeaseMs,
    });
    syncJob = startLeaderJob({
      lock,
      ttlMs: config.cdrSyncLeaseMs,
      intervalMs: config.cdrSyncIntervalMs,
      firstDelayMs,
      run: () => syncCdrs(syncOptions),
      onError: onSyncError,
      onLeadership: (leader) =>
        running.log.info({ event: leader ? 'cdr-sync-leader' : 'cdr-sync-standby' }, 'CDR sync role'),
    });
  } else if (config.cdrSyncIntervalMs > 0) {
    // Without Redis, replicas on one PostgreSQL share a lease row (taken with an atomic upsert).
    syncJob = startCdrSyncJob({
      ...syncOptions,
      intervalMs: config.cdrSyncIntervalMs,
      leaseMs: config.cdrSyncLeaseMs,
      firstDelayMs,
      onError: onSyncError,
    });
  }

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      await running.close();
      await syncJob?.stop();
      upstream.close?.();
      // quit() fails at once while Redis is down; then just drop the connection.
      await redis?.quit().catch(() => redis.disconnect());
      await database.close();
    })();
    return closed;
  };
  if (options.handleSignals) {
    closeWithGrace({ delay: 15_000 }, async ({ signal, err }) => {
      if (err !== undefined)
        running.log.error({ type: (err as Error).name }, 'stopping after an uncaught error');
      else running.log.info({ signal }, 'stopping: finishing in-flight requests');
      await close();
    });
  }
  return { app: running, url, store, close };
}
