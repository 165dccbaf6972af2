import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { ServerError } from './errors.js';
import { errorHandler, sendError } from './http/error-handler.js';
import { decorateLocale } from './http/locale.js';
import { type LogOptions, loggerOptions } from './logging.js';
import { type TcccDialerOptions, tcccDialer } from './plugin.js';

export interface HandlerOptions {
  /** pino logging; absent: silent. */
  logger?: LogOptions | undefined;
  /** Proxies whose `X-Forwarded-*` headers are believed (the host's own `trust proxy`). */
  trustProxy?: string[] | undefined;
  /** Largest JSON body in bytes (default 64 KiB). */
  bodyLimit?: number | undefined;
}

/**
 * A Node request handler for hosts that are not Fastify (Express, Koa, NestJS, plain `http`): it
 * answers the product's routes (`/api/...`, `/healthz`, `/readyz`, relative to where the host mounts it)
 * and hands anything else to `next`, or answers 404 without one.
 */
export interface TcccDialerHandler {
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  /** Resolves once the routes are ready (requests that arrive earlier wait for it). */
  ready(): Promise<void>;
  /** Stops the background jobs and releases what the plugin holds. */
  close(): Promise<void>;
}

const ours = (url: string | undefined) => /^\/(api\/|healthz$|healthz\?|readyz$|readyz\?)/.test(url ?? '');

/**
 * The product as a framework-neutral handler: the same `tcccDialer` plugin in a Fastify instance of its
 * own that never listens. Mount it before the host's body parsers: it reads request bodies itself.
 * With `seatFor`, the host's authentication decides the user and seat; `req.raw` in `seatFor` is the
 * host's own request object (Express's `req`, Koa's `ctx.req`).
 */
export function createTcccDialerHandler(
  options: TcccDialerOptions,
  handlerOptions: HandlerOptions = {},
): TcccDialerHandler {
  const trustProxy = handlerOptions.trustProxy ?? [];
  const app: FastifyInstance = Fastify({
    logger: handlerOptions.logger === undefined ? false : loggerOptions(handlerOptions.logger),
    bodyLimit: handlerOptions.bodyLimit ?? 64 * 1024,
    trustProxy: trustProxy.length > 0 ? trustProxy : false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    // Refusals of the router itself (a path segment over that length, a malformed URL) in the one coded shape.
    frameworkErrors: errorHandler,
  }) as unknown as FastifyInstance;
  decorateLocale(app);
  app.setErrorHandler(errorHandler);
  void app.register(tcccDialer, options);
  app.setNotFoundHandler((req, reply) => sendError(req, reply, new ServerError('NOT_FOUND')));
  const ready = Promise.resolve(app.ready()).then(() => undefined);
  // A failure to start surfaces on the first request and through ready(), not as an unhandled rejection.
  ready.catch(() => undefined);

  const handler = ((req, res, next) => {
    if (next !== undefined && !ours(req.url)) {
      next();
      return;
    }
    // A host may have set a status already (Koa starts every response at 404); Fastify reads it.
    res.statusCode = 200;
    ready.then(
      () => app.routing(req, res),
      (error: unknown) => (next === undefined ? res.writeHead(500).end() : next(error)),
    );
  }) as TcccDialerHandler;
  handler.ready = () => ready;
  handler.close = () => app.close();
  return handler;
}
