import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isServerError, ServerError, type ServerErrorCode } from '../errors.js';
import { storeUnavailable } from '../scale/store-unavailable.js';

export function locale(req: FastifyRequest): 'zh-CN' | 'en-US' {
  const header = req.headers['accept-language'];
  return /^\s*en/i.test(String(header ?? '')) ? 'en-US' : 'zh-CN';
}

function fromFramework(err: FastifyError): ServerError {
  const status = err.statusCode ?? 500;
  const code: ServerErrorCode =
    status === 413
      ? 'PAYLOAD_TOO_LARGE'
      : status === 415
        ? 'UNSUPPORTED_MEDIA_TYPE'
        : status === 404
          ? 'NOT_FOUND'
          : status === 429
            ? 'RATE_LIMITED'
            : status === 503
              ? 'NOT_READY'
              : status >= 400 && status < 500
                ? 'INVALID_REQUEST'
                : 'INTERNAL';
  return new ServerError(code, { cause: err });
}

export function sendError(req: FastifyRequest, reply: FastifyReply, e: ServerError): void {
  if (e.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(e.retryAfterSeconds));
  void reply
    .status(e.status)
    .type('application/json; charset=utf-8')
    .send({ error: { code: e.code, message: e.message_(locale(req)), requestId: req.id } });
}

/**
 * One JSON shape for every failure: `{ error: { code, message, requestId } }`. 5xx bodies carry only the
 * generic text of their code; details stay in the log, keyed by the request id.
 */
export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const e = isServerError(err) ? err : (storeUnavailable(err) ?? fromFramework(err as FastifyError));
  const cause = e.cause as { code?: unknown; name?: unknown; stack?: unknown } | undefined;
  const context = {
    code: e.code,
    status: e.status,
    cause: cause === undefined ? undefined : { type: cause.name, code: cause.code },
  };
  if (e.code === 'INTERNAL') req.log.error({ ...context, stack: cause?.stack }, 'request failed');
  else if (e.status >= 500) req.log.warn(context, 'request failed');
  else req.log.info(context, 'request refused');
  sendError(req, reply, e);
}
