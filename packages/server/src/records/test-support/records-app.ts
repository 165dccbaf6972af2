import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SessionUser } from '../../http/core-plugin.js';
import { tcccDialer } from '../../plugin.js';
import type { Upstream } from '../../upstream/upstream.js';
import type { CdrApi } from '../cdr-api.js';

export const pushAuth = 'tccc:push-secret-123';
export const pushHeader = `Basic ${Buffer.from(pushAuth).toString('base64')}`;

export const demoUsers: Record<'alice' | 'bob' | 'sue', SessionUser> = {
  alice: { username: 'alice', displayName: 'Alice', role: 'agent', seatUserId: 'agent@example.com' },
  bob: { username: 'bob', displayName: 'Bob', role: 'agent', seatUserId: 'agent2@example.com' },
  sue: { username: 'sue', displayName: 'Sue', role: 'supervisor', seatUserId: 'supervisor@example.com' },
};

export async function seedUsers(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('users')
    .values(
      Object.values(demoUsers).map((u) => ({
        username: u.username,
        display_name: u.displayName,
        role: u.role,
        seat_user_id: u.seatUserId,
        password_hash: null,
        disabled: 0,
        created_at: 0,
        updated_at: 0,
      })),
    )
    .execute();
}

/**
 * The product mounted as a host app would mount it: the `tcccDialer` plugin on a bare Fastify, with
 * the host's `seatFor` reading `x-test-user`. Sign-in belongs to app.ts; these tests exercise the
 * records routes alone.
 */
export async function buildRecordsApp(
  db: Kysely<Database>,
  options: {
    cdrApi?: CdrApi;
    now?: () => number;
    logLines?: string[];
    callDispositions?: string[];
    statusStaleSeconds?: number;
  } = {},
): Promise<FastifyInstance> {
  const lines = options.logLines;
  const app = Fastify({
    logger:
      lines === undefined ? false : { level: 'info', stream: { write: (line: string) => lines.push(line) } },
  });
  await app.register(tcccDialer, {
    db,
    upstream: {} as Upstream,
    sdkAppId: 1400000001,
    pushBasicAuth: pushAuth,
    cdrApi: options.cdrApi,
    now: options.now,
    callDispositions: options.callDispositions,
    statusStaleSeconds: options.statusStaleSeconds,
    openapi: false,
    seatFor: (req) =>
      (demoUsers as Record<string, SessionUser | undefined>)[String(req.headers['x-test-user'] ?? '')],
  });
  await app.ready();
  return app;
}
