#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seedDemoAccounts } from './accounts.js';
import { buildApp } from './app.js';
import { createDbAccountStore } from './db/account-store.js';
import { defaultDatabaseUrl, openDatabase } from './db/database.js';
import { createUpstream } from './upstream.js';

const demo = {
  sdkAppId: 1400000001,
  secretId: 'AKIDtcccEmulatorDemo00000000000000000',
  secretKey: 'tcccEmulatorDemoSecretKey0000000',
};

async function serve(): Promise<void> {
  const env = process.env;
  const mode = env.TCCC_MODE ?? 'emulator';
  if (mode !== 'emulator' && mode !== 'cloud') {
    console.error('TCCC_MODE must be "emulator" or "cloud".');
    process.exit(1);
  }
  const cloud = mode === 'cloud';
  if (cloud && !(env.TCCC_SECRET_ID && env.TCCC_SECRET_KEY && env.TCCC_SDK_APP_ID)) {
    console.error('TCCC_MODE=cloud needs TCCC_SECRET_ID, TCCC_SECRET_KEY and TCCC_SDK_APP_ID.');
    process.exit(1);
  }
  const port = Number(env.PORT ?? 3000);
  const database = await openDatabase(env.DATABASE_URL ?? defaultDatabaseUrl);
  const store = createDbAccountStore(database.db);
  const upstream = createUpstream({
    apiEndpoint: cloud
      ? (env.TCCC_API_ENDPOINT ?? 'ccc.tencentcloudapi.com')
      : (env.TCCC_EMULATOR_ENDPOINT ?? 'ccc.localhost:8787'),
    secretId: env.TCCC_SECRET_ID ?? demo.secretId,
    secretKey: env.TCCC_SECRET_KEY ?? demo.secretKey,
    sdkAppId: Number(env.TCCC_SDK_APP_ID ?? demo.sdkAppId),
    protocol: cloud ? 'https://' : 'http://',
  });
  let sessionSecret = env.SESSION_SECRET;
  if (sessionSecret === undefined) {
    if (cloud) {
      console.error('SESSION_SECRET is required in cloud mode (at least 32 random characters).');
      process.exit(1);
    }
    sessionSecret = randomBytes(32).toString('hex');
    console.log('SESSION_SECRET not set: using a per-process random secret (sessions end on restart).');
  }
  const app = buildApp({ upstream, store, db: database.db, sessionSecret, logger: true });
  if (!cloud) {
    await seedDemoAccounts(store);
    console.log('Demo accounts: agent / tccc-demo, agent2 / tccc-demo, supervisor / tccc-demo');
  }
  let workbenchRoot: string | undefined;
  try {
    const spec = '@tccc-dialer/workbench';
    const mod = (await import(spec)) as { workbenchDir?: string | URL };
    if (mod.workbenchDir !== undefined) {
      const dir = mod.workbenchDir;
      workbenchRoot =
        dir instanceof URL || String(dir).startsWith('file:') ? fileURLToPath(dir) : String(dir);
    }
  } catch {
    workbenchRoot = undefined;
  }
  if (workbenchRoot !== undefined && existsSync(workbenchRoot)) {
    const { default: fastifyStatic } = await import('@fastify/static');
    await app.register(fastifyStatic, { root: workbenchRoot });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/plain').send('The workbench is not built.'));
  }
  await app.listen({ port, host: env.HOST ?? '127.0.0.1' });
}

const command = process.argv[2] ?? 'serve';
if (command === 'serve') {
  await serve();
} else {
  console.error(`Unknown command "${command}". Usage: tccc-dialer serve`);
  process.exit(2);
}
