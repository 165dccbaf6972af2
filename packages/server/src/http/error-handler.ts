import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isServerError, ServerError, type ServerErrorCode, serverErrorStatus } from '../errors.js';
import { storeUnavailable } from '../scale/store-unavailable.js';

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

const isCode = (message: string | undefined): message is ServerErrorCode =>
  message !== undefined && Object.hasOwn(serverErrorStatus, message);

/**
 * A request that fails its route's schema is INVALID_REQUEST, unless a check names the code its
 * failure means by using that code as its message (a list's time zone: CAMPAIGN_TIMEZONE_INVALID).
 */
function fromValidation(err: FastifyError): ServerError {
  const named = err.validation?.map((v) => v.message).find(isCode);
  return new ServerError(named ?? 'INVALID_REQUEST', { cause: err });
}

/** The failure as a ServerError with its stable code, whatever threw it. */
export function toServerError(err: unknown): ServerError {
  if (isServerError(err)) return err;
  if (hasZodFastifySchemaValidationErrors(err)) return fromValidation(err as FastifyError);
  // An answer that does not fit its own schema is a bug here, never the client's fault.
  if (isResponseSerializationError(err)) return new ServerError('INTERNAL', { cause: err });
  return storeUnavailable(err) ?? fromFramework(err as FastifyError);
}

export function sendError(req: FastifyRequest, reply: FastifyReply, e: ServerError): void {
  if (e.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(e.retryAfterSeconds));
  void reply
    .status(e.status)
    .type('application/json; charset=utf-8')
    .send({ error: { code: e.code, message: e.message_(req.locale), requestId: req.id } });
}

/**
 * One JSON shape for every failure: `{ error: { code, message, requestId } }`. 5xx bodies carry only the
 * generic text of their code; details stay in the log, keyed by the request id.
 */
export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const e = toServerError(err);
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
