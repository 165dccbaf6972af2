import { defaultEmulatorConfig, type Emulator, startEmulator } from '@tccc-dialer/emulator';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type AppDeps, buildApp } from '../app.js';
import { type AccountStore, createMemoryAccountStore, demoAccounts, hashPassword } from '../auth/accounts.js';
import { logUpstreamAttempt } from '../logging.js';
import type { UpstreamAttempt, UpstreamOptions } from '../upstream/client.js';
import { createUpstream } from '../upstream/client.js';
import type { Upstream } from '../upstream/upstream.js';

export const testSessionSecret = 'test-session-secret-0123456789abcdef';
export const demoPassword = 'tccc-demo';
let sharedHash: string | undefined;

export interface Harness {
  emulator: Emulator;
  upstream: Upstream;
  store: AccountStore;
  app: FastifyInstance;
  /** Every upstream attempt, in order (seen on our side of the wire). */
  attempts: UpstreamAttempt[];
  /** Every log line the app wrote. */
  logs: string[];
  signIn(username?: string, password?: string): Promise<SessionCookies>;
  sdkUrl(cookies: Record<string, string>, extra?: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The session cookie as Fastify's inject() takes it. */
export interface SessionCookies extends Record<string, string> {
  tccc_session: string;
}

export interface HarnessOptions {
  emulator?: Emulator;
  rateLimitPerSecond?: number;
  upstream?: Partial<UpstreamOptions>;
  app?: Partial<AppDeps>;
}

/**
 * The real app (in-process, `inject`) talking to the real emulator over HTTP, with the demo users plus
 * `ghost` (mapped to a seat the emulator does not have) and `mallory` (a second agent).
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const ownEmulator = options.emulator === undefined;
  const emulator =
    options.emulator ??
    (await startEmulator({ port: 0, rateLimitPerSecond: options.rateLimitPerSecond ?? 1000 }));
  const store = createMemoryAccountStore();
  // One scrypt hash shared by every test user: hashing is deliberately slow.
  sharedHash ??= hashPassword(demoPassword);
  const hash = sharedHash;
  for (const a of demoAccounts) await store.add({ ...a, passwordHash: hash, disabled: false });
  await store.add({
    username: 'ghost',
    displayName: 'Ghost',
    role: 'agent',
    seatUserId: 'ghost@example.com',
    passwordHash: hash,
    disabled: false,
  });
  const attempts: UpstreamAttempt[] = [];
  let app: FastifyInstance | undefined;
  const upstream = createUpstream({
    apiEndpoint: emulator.apiEndpoint,
    secretId: defaultEmulatorConfig.secretId,
    secretKey: defaultEmulatorConfig.secretKey,
    sdkAppId: defaultEmulatorConfig.sdkAppId,
    protocol: 'http://',
    qps: 1000,
    retryBaseDelayMs: 20,
    ...options.upstream,
    onAttempt: (a) => {
      attempts.push(a);
      if (app !== undefined) logUpstreamAttempt(app.log, a);
      options.upstream?.onAttempt?.(a);
    },
  });
  const logs: string[] = [];
  app = buildApp({
    upstream,
    store,
    sessionSecret: testSessionSecret,
    logger: { level: 'debug', stream: { write: (line) => void logs.push(line) } },
    ...options.app,
  });
  await app.ready();
  const built = app;
  return {
    emulator,
    upstream,
    store,
    app: built,
    attempts,
    logs,
    async signIn(username = 'agent', password = demoPassword) {
      const res = await built.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`sign-in ${username}: ${res.statusCode} ${res.body}`);
      const c = res.cookies.find((x) => x.name === 'tccc_session');
      if (c === undefined) throw new Error('no session cookie');
      return { tccc_session: c.value };
    },
    sdkUrl(cookies, extra = {}) {
      return built.inject({
        method: 'POST',
        url: '/api/tccc/sdk-url',
        cookies,
        headers: { 'accept-language': 'en-US' },
        ...extra,
      } as InjectOptions);
    },
    async close() {
      await built.close();
      upstream.close?.();
      if (ownEmulator) await emulator.close();
    },
  };
}
