// What the scale-out tests share: a fresh PostgreSQL database with N agents, a Redis key prefix of
// their own (deleted after), the emulator at Q requests/s, and replicas started as `tccc-dialer serve`.
import { randomUUID } from 'node:crypto';
import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { hashPassword, openDatabase } from '@tccc-dialer/server';
import {
  createPostgresDatabase,
  type ServerProcess,
  redisUrl as sharedRedisUrl,
  startServerProcess,
} from '@tccc-dialer/test-support';
import { Redis } from 'ioredis';

export const password = 'scale-test-password';
export const sessionSecret = 'scale-test-session-secret-0123456789abcdef';

export interface ScaleWorld {
  databaseUrl: string;
  prefix: string;
  emulator: Emulator;
  seats: string[];
  /** Environment every replica gets (one database, one Redis, one quota, one session key). */
  env(redisUrl?: string): Record<string, string>;
  close(): Promise<void>;
}

export async function createScaleWorld(o: { agents: number; qps: number }): Promise<ScaleWorld> {
  const seats = Array.from({ length: o.agents }, (_, i) => `agent${i}@scale.example.com`);
  const emulator = await startEmulator({
    port: 0,
    rateLimitPerSecond: o.qps,
    config: { seats: seats.map((userId, i) => ({ userId, name: `Agent ${i}`, role: 'agent' as const })) },
  });
  const database = await createPostgresDatabase();
  const handle = await openDatabase(database.url);
  const passwordHash = hashPassword(password);
  const now = Date.now();
  await handle.db
    .insertInto('users')
    .values([
      ...seats.map((seat, i) => ({
        username: `agent${i}`,
        display_name: `Agent ${i}`,
        role: 'agent' as const,
        seat_user_id: seat,
        password_hash: passwordHash,
        disabled: 0,
        created_at: now,
        updated_at: now,
      })),
      {
        username: 'boss',
        display_name: 'Boss',
        role: 'supervisor' as const,
        seat_user_id: seats[0] ?? '',
        password_hash: passwordHash,
        disabled: 0,
        created_at: now,
        updated_at: now,
      },
    ])
    .execute();
  await handle.close();
  const prefix = `tccc-dialer-test:${randomUUID()}`;
  return {
    databaseUrl: database.url,
    prefix,
    emulator,
    seats,
    env: (redisUrl = sharedRedisUrl) => ({
      TCCC_MODE: 'emulator',
      TCCC_EMULATOR_ENDPOINT: emulator.apiEndpoint,
      TCCC_API_QPS: String(o.qps),
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      SESSION_SECRET: sessionSecret,
      LOG_LEVEL: 'warn',
    }),
    async close() {
      const redis = new Redis(sharedRedisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await emulator.close();
      await database.drop();
    },
  };
}

export async function startReplicas(count: number, env: Record<string, string>): Promise<ServerProcess[]> {
  return Promise.all(Array.from({ length: count }, () => startServerProcess(env)));
}

/** Signs `username` in on `origin`; returns the session cookie (`name=value`). */
export async function signIn(origin: string, username: string): Promise<string> {
  const res = await fetch(`${origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`sign-in ${username} on ${origin}: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

export async function sdkUrl(
  origin: string,
  cookie: string,
): Promise<{ status: number; body: { sdkUrl: string; error?: { code: string } } }> {
  const res = await fetch(`${origin}/api/tccc/sdk-url`, { method: 'POST', headers: { cookie, origin } });
  return { status: res.status, body: (await res.json()) as { sdkUrl: string; error?: { code: string } } };
}

/** A CDR as TCCC's data push sends it. */
export function cdr(sessionId: string, seat: string, startSeconds: number) {
  return {
    SdkAppId: 1400000001,
    SessionId: sessionId,
    Direction: 1,
    Caller: '02160000000',
    Callee: '008613800138000',
    StartTimestamp: startSeconds,
    EndedTimestamp: startSeconds + 30,
    EndStatusString: 'busy',
    SeatUser: { Mail: seat },
  };
}

export const pushAuthorization = `Basic ${Buffer.from('tccc-emulator:demo-push-password').toString('base64')}`;

/** Posts one CDR push; resolves TCCC's view of the answer (`ErrCode` 0 = acknowledged). */
export async function push(origin: string, uuid: string, body: unknown): Promise<number | undefined> {
  const res = await fetch(`${origin}/api/tccc/push?action=cdr&version=1`, {
    method: 'POST',
    headers: {
      authorization: pushAuthorization,
      'content-type': 'application/json;charset=utf8',
      'x-tccc-push-uuid': uuid,
    },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { ErrCode?: number }).ErrCode;
}

/** Waits until `probe` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
