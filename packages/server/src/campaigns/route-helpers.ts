import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ServerError } from '../errors.js';
import type { FeatureContext, SessionUser } from '../features.js';

/** Validates a body, query or params; a bad time zone gets its own code, anything else INVALID_REQUEST. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const timezone = r.error.issues.some((i) => i.message === 'CAMPAIGN_TIMEZONE_INVALID');
    throw new ServerError(timezone ? 'CAMPAIGN_TIMEZONE_INVALID' : 'INVALID_REQUEST', { cause: r.error });
  }
  return r.data;
}

/** The signed-in supervisor, or FORBIDDEN for anyone else. */
export async function supervisor(ctx: FeatureContext, req: FastifyRequest): Promise<SessionUser> {
  const user = await ctx.authenticate(req);
  if (user.role !== 'supervisor') throw new ServerError('FORBIDDEN');
  return user;
}
