import fp from 'fastify-plugin';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Role } from '../auth/accounts.js';
import type { NumberMappingConfig } from '../config/number-mapping-config.js';
import type { Database } from '../db/schema.js';
import type { Coordination } from '../scale/coordination.js';
import { createOriginCheck } from '../security/origin-check.js';
import type { Upstream } from '../upstream/upstream.js';
import { errorHandler } from './error-handler.js';
import { decorateLocale } from './locale.js';
import { requireResponseSchemas, requireSignIn } from './routes.js';

/** The signed-in user, as every route sees them. The seat is the operator's mapping, never the browser's. */
export interface SessionUser {
  username: string;
  displayName: string;
  role: Role;
  seatUserId: string;
}

/** What every feature area reads: storage, the paced TCCC client, the clock and the deployment's settings. */
export interface DialerContext {
  /** Absent only in an app built without storage (sign-in and SDK URLs alone). */
  db: Kysely<Database> | undefined;
  upstream: Upstream;
  now(): number;
  mode: 'emulator' | 'cloud';
  /** `TCCC_SDK_APP_ID`, for the cloud-API actions that name the application. */
  sdkAppId: number;
  /** `PUSH_BASIC_AUTH` (`user:password`) TCCC's data push presents; unset: every push is refused. */
  pushBasicAuth: string | undefined;
  /** Where limits and lockouts are counted (this process, or Redis for every replica). */
  coordination: Coordination;
  /** Number protection: the mapping switch, the endpoint's credentials, permit TTL and dial-pad rules. */
  numberMapping: NumberMappingConfig;
}

declare module 'fastify' {
  interface FastifyInstance {
    dialer: DialerContext;
    /** The request's user, or UNAUTHENTICATED. Every /api route calls it first. */
    authenticate(req: FastifyRequest): Promise<SessionUser>;
  }
}

export interface CoreOptions {
  context: DialerContext;
  /** Origins allowed to POST besides the server's own host (`PUBLIC_ORIGIN`). */
  publicOrigins: string[];
}

/**
 * What every route of the product shares: the zod schemas as validators and serializers, one error
 * shape, the request's language, the cross-site write check, and the rule that no route may answer
 * without a response schema.
 */
export const corePlugin = fp<CoreOptions>(
  async (app, { context, publicOrigins }) => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler(errorHandler);
    decorateLocale(app);
    app.addHook('onRequest', createOriginCheck(publicOrigins));
    // An upload reaches its route as the request stream: each import reads it with its own limits.
    app.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
    requireResponseSchemas(app);
    requireSignIn(app);
    app.decorate('dialer', context);
  },
  { name: 'tccc-dialer-core', fastify: '5.x' },
);
