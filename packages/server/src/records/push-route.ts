import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { contract } from '../api/contract.js';
import type { Database } from '../db/schema.js';
import { messages, type ServerErrorCode } from '../errors.js';
import { typed } from '../http/routes.js';
import { basicAuthMatches } from '../security/basic-auth.js';
import { createPushIngester, PushRejected } from './push-ingest.js';

export interface PushRouteOptions {
  db: Kysely<Database>;
  /** `user:password` TCCC sends with basic auth. Unset: every push is refused. */
  pushBasicAuth: string | undefined;
  now(): number;
  /** Number mapping is on: flag outbound calls that carried no granted permit. */
  auditPermits?: boolean;
  /** After a CDR push is committed (not a duplicate): the call's SessionId. */
  onCdrStored?: ((sessionId: string) => void) | undefined;
  /** After a record push is committed (or found a duplicate): its RecordId and signed link. */
  onRecordPushed?: ((recordId: string, url: string) => void) | undefined;
}

const query = z.object({
  action: z.enum(['cdr', 'record']),
  version: z.string().max(8).optional(),
});
const pushUuid = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.:-]+$/);

/** TCCC expects `{ErrCode, ErrMsg}`; our error envelope rides along for people reading logs and tests. */
function refuse(
  req: FastifyRequest,
  reply: FastifyReply,
  code: ServerErrorCode,
  status: number,
  detail: string,
) {
  // Logged without the Authorization header or the body: they may hold secrets and personal data.
  req.log.warn({ code, detail, action: (req.query as { action?: unknown }).action }, 'data push refused');
  return reply.status(status).send({
    ErrCode: status,
    ErrMsg: code,
    error: { code, message: messages[code]['en-US'], requestId: req.id },
  });
}

/**
 * `POST /api/tccc/push?action=cdr|record&version=1`: TCCC's data push. No session (TCCC is not a
 * user); basic auth instead. Answers `{"ErrCode":0}` only once the push is committed, so a push TCCC
 * saw acknowledged survives a crash right after; refusals get a non-zero ErrCode and a 4xx.
 */
export async function registerPushRoute(app: FastifyInstance, options: PushRouteOptions): Promise<void> {
  const ingester = createPushIngester(options.db, options.now, {
    auditPermits: options.auditPermits ?? false,
  });
  await app.register(async (scope) => {
    // TCCC sends `application/json;charset=utf8`; parse it here so a bad body is answered in TCCC's shape.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    typed(scope).route({
      ...contract.push.push,
      bodyLimit: 1024 * 1024,
      handler: async (req, reply) => {
        if (!basicAuthMatches(req.headers.authorization, options.pushBasicAuth)) {
          return refuse(req, reply, 'PUSH_UNAUTHORIZED', 401, 'bad or missing basic auth');
        }
        const q = query.safeParse(req.query);
        if (!q.success) return refuse(req, reply, 'PUSH_INVALID', 400, 'action must be cdr or record');
        const uuid = pushUuid.safeParse(req.headers['x-tccc-push-uuid']);
        if (!uuid.success) return refuse(req, reply, 'PUSH_INVALID', 400, 'missing X-TCCC-PUSH-UUID');
        let body: unknown;
        try {
          body = JSON.parse(typeof req.body === 'string' ? req.body : '');
        } catch {
          return refuse(req, reply, 'PUSH_INVALID', 400, 'body is not JSON');
        }
        try {
          const result = await ingester.ingest({ uuid: uuid.data, action: q.data.action, body });
          req.log.info({ action: q.data.action, result }, 'data push stored');
          const sessionId = (body as { SessionId?: unknown } | null)?.SessionId;
          if (q.data.action === 'cdr' && result === 'stored' && typeof sessionId === 'string')
            options.onCdrStored?.(sessionId);
          if (q.data.action === 'record') {
            const { RecordId, RecordURL } = body as { RecordId?: unknown; RecordURL?: unknown };
            if (typeof RecordId === 'string' && RecordId !== '' && typeof RecordURL === 'string')
              options.onRecordPushed?.(RecordId, RecordURL);
          }
        } catch (error) {
          if (error instanceof PushRejected) return refuse(req, reply, 'PUSH_INVALID', 400, error.reason);
          throw error;
        }
        return reply.status(200).send({ ErrCode: 0, ErrMsg: '' });
      },
    });
  });
}
