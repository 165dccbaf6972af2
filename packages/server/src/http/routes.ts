import type { FastifyInstance, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ServerError } from '../errors.js';

/** The app with handlers typed by the routes' zod schemas (`api/`): `typed(app).route({ ...def, handler })`. */
export function typed(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

/**
 * Refuses, when the app starts, a route that declares no response schema: the schema is what keeps a
 * field out of an answer, so a route without one could leak whatever its handler returns.
 */
export function requireResponseSchemas(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.method === 'HEAD' || route.schema?.hide === true) return;
    const response = route.schema?.response;
    if (response === undefined || response === null || Object.keys(response).length === 0)
      throw new Error(`tccc-dialer: ${String(route.method)} ${route.url} declares no response schema`);
  });
}

type Security = readonly Record<string, readonly string[]>[] | undefined;

/**
 * Enforces each route's declared `security` before anything else runs (body parsing, validation):
 * `session` needs a signed-in user, with the `supervisor` scope a supervisor. So a request without a
 * session learns nothing from validation errors, and no route can forget the check.
 */
export function requireSignIn(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const security = (route.schema as { security?: Security } | undefined)?.security;
    const session = security?.find((s) => s.session !== undefined)?.session;
    if (session === undefined) return;
    const supervisor = session.includes('supervisor');
    const check: onRequestHookHandler = async function (this: FastifyInstance, req: FastifyRequest) {
      const user = await this.authenticate(req);
      if (supervisor && user.role !== 'supervisor') throw new ServerError('FORBIDDEN');
    };
    const existing = route.onRequest;
    route.onRequest = [
      check,
      ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
    ];
  });
}

/** One answer per request: the hook and the handler share one lookup of who is calling. */
export function oncePerRequest<T>(
  resolve: (req: FastifyRequest) => Promise<T>,
): (req: FastifyRequest) => Promise<T> {
  const seen = new WeakMap<FastifyRequest, Promise<T>>();
  return (req) => {
    let answer = seen.get(req);
    if (answer === undefined) {
      answer = resolve(req);
      seen.set(req, answer);
    }
    return answer;
  };
}
