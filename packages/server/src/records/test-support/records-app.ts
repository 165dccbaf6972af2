import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ServerError } from '../../errors.js';
import type { FeatureContext, SessionUser } from '../../features.js';
import type { Upstream } from '../../upstream/upstream.js';
import type { CdrApi } from '../cdr-api.js';
import { createRecordsFeature } from '../records-feature.js';

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
 * The records feature mounted on a bare Fastify with the server's JSON error shape. Sign-in belongs
 * to app.ts; here the session check is a seam that reads `x-test-user`, so these tests exercise the
 * records routes alone.
 */
export async function buildRecordsApp(
  db: Kysely<Database>,
  options: { cdrApi?: CdrApi; now?: () => number; logLines?: string[] } = {},
): Promise<FastifyInstance> {
  const lines = options.logLines;
  const app = Fastify({
    logger:
      lines === undefined ? false : { level: 'info', stream: { write: (line: string) => lines.push(line) } },
  });
  app.setErrorHandler((err, req, reply) => {
    const e =
      err instanceof ServerError
        ? err
        : new ServerError(
            (err as { statusCode?: number }).statusCode === 400 ? 'INVALID_REQUEST' : 'INTERNAL',
            {
              cause: err,
            },
          );
    void reply.status(e.status).send({ error: { code: e.code, message: e.message, requestId: req.id } });
  });
  const ctx: FeatureContext = {
    db,
    async authenticate(req) {
      const user = (demoUsers as Record<string, SessionUser | undefined>)[
        String(req.headers['x-test-user'] ?? '')
      ];
      if (user === undefined) throw new ServerError('UNAUTHENTICATED');
      return user;
    },
    upstream: {} as Upstream,
    now: options.now ?? Date.now,
  };
  await app.register(async (scope) =>
    createRecordsFeature({ pushBasicAuth: pushAuth, cdrApi: options.cdrApi, sdkAppId: 1400000001 })(
      scope,
      ctx,
    ),
  );
  await app.ready();
  return app;
}
