import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type AccountStore, verifyPassword } from './accounts.js';
import type { Database } from './db/schema.js';
import { ServerError } from './errors.js';
import { type FeatureContext, features } from './features.js';
import { createSessionCodec } from './session-cookie.js';
import type { Upstream } from './upstream.js';

export interface AppDeps {
  upstream: Upstream;
  store: AccountStore;
  /** The database behind the feature areas (call records, customers, ...). */
  db?: Kysely<Database>;
  sessionSecret: string;
  /** Clock seam for tests. */
  now?: () => number;
  secureCookies?: boolean;
  logger?: boolean | object;
}

const COOKIE = 'tccc_session';
const SESSION_SECONDS = 12 * 60 * 60;

function locale(req: FastifyRequest): 'zh-CN' | 'en-US' {
  const header = req.headers['accept-language'] ?? '';
  return /^\s*en/i.test(String(header)) ? 'en-US' : 'zh-CN';
}

export function buildApp(deps: AppDeps): FastifyInstance {
  const now = deps.now ?? Date.now;
  const codec = createSessionCodec(deps.sessionSecret);
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 16 * 1024,
    genReqId: () => crypto.randomUUID(),
  });
  void app.register(cookie);

  app.setErrorHandler((err, req, reply) => {
    const e =
      err instanceof ServerError
        ? err
        : (err as { statusCode?: number }).statusCode !== undefined &&
            (err as { statusCode: number }).statusCode < 500
          ? new ServerError('INVALID_REQUEST', { cause: err })
          : new ServerError('INTERNAL', { cause: err });
    if (e.status >= 500) req.log.error({ code: e.code }, 'request failed');
    void reply
      .status(e.status)
      .send({ error: { code: e.code, message: e.message_(locale(req)), requestId: req.id } });
  });
  app.setNotFoundHandler((req, reply) => {
    const e = new ServerError('NOT_FOUND');
    void reply
      .status(404)
      .send({ error: { code: e.code, message: e.message_(locale(req)), requestId: req.id } });
  });

  app.addHook('onRequest', async (req) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const host = req.headers.host;
      let ok = false;
      try {
        ok = host !== undefined && new URL(origin).host === host;
      } catch {
        ok = false;
      }
      if (!ok) throw new ServerError('FORBIDDEN_ORIGIN');
    }
  });

  async function requireUser(req: FastifyRequest) {
    const raw = req.cookies[COOKIE];
    const session = raw === undefined ? undefined : codec.open(raw, now());
    if (session === undefined) throw new ServerError('UNAUTHENTICATED');
    const account = await deps.store.find(session.username);
    if (account === undefined || account.disabled) throw new ServerError('UNAUTHENTICATED');
    return account;
  }

  const publicUser = (a: { username: string; displayName: string; role: string }) => ({
    username: a.username,
    displayName: a.displayName,
    role: a.role,
  });

  app.post('/api/session', async (req, reply: FastifyReply) => {
    const body = req.body as { username?: unknown; password?: unknown } | null | undefined;
    if (typeof body?.username !== 'string' || typeof body.password !== 'string') {
      throw new ServerError('INVALID_REQUEST');
    }
    const account = await deps.store.find(body.username);
    if (account === undefined || account.disabled || !verifyPassword(body.password, account.passwordHash)) {
      throw new ServerError('INVALID_CREDENTIALS');
    }
    const exp = Math.floor(now() / 1000) + SESSION_SECONDS;
    void reply.setCookie(COOKIE, codec.seal({ username: account.username, exp }), {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies ?? false,
      path: '/',
      maxAge: SESSION_SECONDS,
    });
    return { user: publicUser(account) };
  });

  app.delete('/api/session', async (_req, reply) => {
    void reply.clearCookie(COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/me', async (req) => ({ user: publicUser(await requireUser(req)) }));

  app.post('/api/tccc/sdk-url', async (req, reply) => {
    const account = await requireUser(req);
    // The seat comes from the account record only; anything in the request is ignored.
    const login = await deps.upstream.createSdkLogin(account.seatUserId);
    void reply.header('Cache-Control', 'no-store');
    return login;
  });

  app.get('/healthz', async () => ({ ok: true }));

  const db = deps.db;
  if (db !== undefined) {
    const ctx: FeatureContext = {
      db,
      authenticate: async (req) => {
        const a = await requireUser(req);
        return { username: a.username, displayName: a.displayName, role: a.role, seatUserId: a.seatUserId };
      },
      upstream: deps.upstream,
      now,
    };
    for (const feature of features) void app.register(async (scope) => feature(scope, ctx));
  }
  return app;
}
