import { z } from 'zod';
import { errorResponses, route, supervisorOnly } from './route.js';

/** One answer that showed a supervisor numbers of protected lists: who, when, which lists, how many. */
export const numberReveal = z
  .object({
    at: z.string(),
    username: z.string(),
    /** The route that answered them, e.g. `GET /api/calls`. */
    route: z.string(),
    campaignIds: z.array(z.string()),
    /** How many protected numbers the answer held. */
    numbers: z.number().int(),
  })
  .meta({ id: 'NumberReveal' });

export const numberRevealsRoutes = {
  list: route('GET', '/api/number-reveals', {
    summary: 'Audit of supervisors seeing protected numbers, newest first',
    tags: ['compliance'],
    security: supervisorOnly,
    querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    response: { 200: z.object({ items: z.array(numberReveal) }), ...errorResponses },
  }),
} as const;
