import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { type AccountStore, demoAccounts, seedDemoAccounts } from './accounts.js';
import { buildApp } from './app.js';
import type { ServerConfig } from './config.js';
import { createDbAccountStore } from './db/account-store.js';
import { type DatabaseHandle, openDatabase } from './db/database.js';
import { type LogOptions, logUpstreamAttempt } from './logging.js';
import { cdrApiFromUpstream } from './records/cdr-api.js';
import { type SyncJob, startCdrSyncJob } from './records/cdr-sync.js';
import { createUpstream } from './upstream/client.js';
import { createRedisPacer } from './upstream/redis-pacer.js';

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
  // With REDIS_URL, replicas share one pacer (one quota per Tencent Cloud account / SdkAppId).
  const redis =
    config.redisUrl === undefined ? undefined : new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  const pacer =
    redis === undefined
      ? undefined
      : createRedisPacer({
          redis,
          key: `tccc-dialer:pacer:${config.tccc.sdkAppId}`,
          ratePerSecond: config.tccc.qps,
          flightMs: config.tccc.deadlineMs,
        });
  const upstream = createUpstream({
    ...(pacer === undefined ? {} : { pacer }),
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
  // Backfills what the data push missed. Replicas share one lease in the database, so one runs it.
  const syncJob: SyncJob | undefined =
    config.cdrSyncIntervalMs === 0
      ? undefined
      : startCdrSyncJob({
          db: database.db,
          api: cdrApiFromUpstream(upstream, config.tccc.sdkAppId),
          intervalMs: config.cdrSyncIntervalMs,
          firstDelayMs: Math.min(config.cdrSyncIntervalMs, 10_000),
          onError: (error) =>
            running.log.warn(
              { code: (error as { code?: string }).code ?? 'UNKNOWN' },
              'CDR sync failed; retrying next run',
            ),
          onInvalid: (info) => running.log.warn(info, 'CDR sync skipped a record that does not parse'),
        });

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      await running.close();
      await syncJob?.stop();
      upstream.close?.();
      await redis?.quit();
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
