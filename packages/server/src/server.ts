import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { createDbAccountStore } from './auth/account-store.js';
import type { AccountStore } from './auth/accounts.js';
import { demoAccountLines, demoAccountsPlugin, openDemoAccounts } from './auth/demo-accounts.js';
import { ConfigError } from './config/env.js';
import type { ServerConfig } from './config/load-config.js';
import { type DatabaseHandle, openDatabase } from './db/database.js';
import { type LogOptions, logUpstreamAttempt } from './logging.js';
import { openRedis } from './scale/redis-connection.js';
import { type ScaleOut, scaleOutThroughRedis } from './scale/scale-out.js';
import { createUpstream, upstreamOptionsFrom } from './upstream/client.js';
import type { Upstream } from './upstream/upstream.js';
import { workbenchPlugin } from './workbench-plugin.js';

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

type Print = (line: string) => void;

/** With REDIS_URL, what replicas share: the pacer, SDK-URL coalescing, limits, lockout and job locks. */
async function connectScaleOut(config: ServerConfig, print: Print) {
  if (config.redisUrl === undefined) return undefined;
  const redis = openRedis(config.redisUrl);
  await redis.connect().catch(() => {
    // Keeps reconnecting in the background; /readyz says "redis: unavailable" until it answers.
    print('Redis (REDIS_URL) does not answer yet: requests that need it fail until it does.');
  });
  const shared: ScaleOut = scaleOutThroughRedis({
    redis,
    prefix: config.redisKeyPrefix,
    sdkAppId: config.tccc.sdkAppId,
    qps: config.tccc.qps,
    deadlineMs: config.tccc.deadlineMs,
  });
  // quit() fails at once while Redis is down; then just drop the connection.
  return {
    shared,
    quit: () =>
      redis.quit().then(
        () => undefined,
        () => redis.disconnect(),
      ),
  };
}

/** The paced TCCC client, shared by replicas when `shared` is given; every attempt is logged. */
function tcccClient(
  config: ServerConfig,
  shared: ScaleOut | undefined,
  log: () => FastifyInstance | undefined,
) {
  const direct = createUpstream({
    ...upstreamOptionsFrom(config.tccc),
    ...(shared === undefined ? {} : { pacerFor: shared.pacerFor }),
    onAttempt: (a) => {
      const app = log();
      if (app !== undefined) logUpstreamAttempt(app.log, a);
    },
  });
  return shared === undefined ? direct : shared.share(direct);
}

function sessionSecret(config: ServerConfig, print: Print): string {
  if (config.session.secret !== undefined) return config.session.secret;
  print('SESSION_SECRET is not set: using a random key for this process (sign-ins end on restart).');
  return randomBytes(32).toString('hex');
}

/** Cloud mode: demo accounts with the public password (from emulator mode on this database) stop the start. */
async function refuseDemoAccounts(store: AccountStore): Promise<void> {
  const open = await openDemoAccounts(store);
  if (open.length === 0) return;
  const commands = open.map((u) => `tccc-dialer agents disable ${u}`).join('; ');
  throw new ConfigError(
    'TCCC_MODE',
    `cloud mode, but demo account${open.length > 1 ? 's' : ''} ${open.join(', ')} still sign${open.length > 1 ? '' : 's'} in with the public demo password: run ${commands} (or agents set-password)`,
  );
}

/** Where a person opens it: the first PUBLIC_ORIGIN, else the address it listens on. */
function publicUrl(config: ServerConfig, address: string): string {
  const port = new URL(address).port;
  const scheme = config.tls === undefined ? 'http' : 'https';
  const host = ['127.0.0.1', '0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
  return config.publicOrigins[0] ?? `${scheme}://${host}:${port}`;
}

/**
 * The standalone server: opens the database, Redis and the TCCC client the configuration names,
 * composes the app (the product's plugins, the built workbench, the demo accounts in emulator mode),
 * listens, and closes gracefully (stop accepting, finish in-flight requests, then release).
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => console.log(line));
  const database: DatabaseHandle = await openDatabase(config.databaseUrl);
  const store = createDbAccountStore(database.db);
  if (config.mode === 'cloud') {
    try {
      await refuseDemoAccounts(store);
    } catch (error) {
      await database.close();
      throw error;
    }
    if (config.pushBasicAuth === undefined)
      print(
        'PUSH_BASIC_AUTH is not set: TCCC data pushes are refused; call records come from the CDR sync only.',
      );
  }
  const scaleOut = await connectScaleOut(config, print);
  const shared = scaleOut?.shared;
  const boardHub = shared?.boardHub();
  let built: FastifyInstance | undefined;
  const upstream: Upstream = tcccClient(config, shared, () => built);
  const tls =
    config.tls === undefined
      ? undefined
      : { cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) };

  const app = buildApp({
    upstream,
    store,
    db: database.db,
    sessionSecret: sessionSecret(config, print),
    ...(config.session.previousSecret === undefined
      ? {}
      : { previousSessionSecret: config.session.previousSecret }),
    sessionTtlSeconds: config.session.ttlSeconds,
    sessionIdleSeconds: config.session.idleSeconds,
    signInHashing: { concurrency: config.signIn.hashConcurrency, maxQueued: config.signIn.hashQueue },
    addressLockout: { freeAttempts: config.signIn.addressFreeAttempts },
    ...(shared === undefined ? {} : { coordination: shared.coordination, readiness: shared.readiness }),
    auth: config.auth,
    config: {
      mode: config.mode,
      pushBasicAuth: config.pushBasicAuth,
      tccc: { sdkAppId: config.tccc.sdkAppId },
      numberMapping: config.numberMapping,
      restReasons: config.restReasons,
      wrapUpSeconds: config.wrapUpSeconds,
      transcriptFetchPerMinute: config.transcriptFetchPerMinute,
    },
    trustProxy: config.trustProxy,
    publicOrigins: config.publicOrigins,
    sdkOrigins: config.sdkOrigins,
    ...(tls === undefined ? {} : { https: tls, secureCookies: true }),
    logger: {
      level: config.logLevel,
      pretty: config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true),
      ...options.log,
    },
    retention: config.retention,
    cdrSync: {
      intervalMs: config.cdrSyncIntervalMs,
      leaseMs: config.cdrSyncLeaseMs,
      lock: shared?.leaderLock('cdr-sync', config.cdrSyncLeaseMs),
    },
    board: {
      hub: boardHub,
      lock: shared?.leaderLock('board-reconcile', Math.max(3 * config.boardReconcileMs, 1000)),
      reconcileMs: config.boardReconcileMs,
    },
  });
  built = app;
  await app.register(workbenchPlugin);
  if (config.mode === 'emulator') await app.register(demoAccountsPlugin, { store });

  const url = publicUrl(config, await app.listen({ port: config.port, host: config.host }));
  if (config.mode === 'emulator') {
    print(`tccc-dialer is running against the TCCC emulator at ${config.tccc.apiEndpoint}.`);
    print(`Open ${url} and sign in with one of the demo accounts (password tccc-demo):`);
    for (const line of demoAccountLines()) print(line);
  } else {
    print(`tccc-dialer is running: ${url}`);
  }

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      await app.close();
      await boardHub?.close();
      upstream.close?.();
      await scaleOut?.quit();
      await database.close();
    })();
    return closed;
  };
  if (options.handleSignals) {
    closeWithGrace({ delay: 15_000 }, async ({ signal, err }) => {
      if (err !== undefined) app.log.error({ type: (err as Error).name }, 'stopping after an uncaught error');
      else app.log.info({ signal }, 'stopping: finishing in-flight requests');
      await close();
    });
  }
  return { app, url, store, close };
}
