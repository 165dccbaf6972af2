import { z } from 'zod';
import { errorResponses, route, signedIn } from './route.js';

/** One of the account's numbers an agent may call from, with its landline area when it has one. */
export const callerIdNumber = z
  .object({ number: z.string(), areaCode: z.string().nullable() })
  .meta({ id: 'CallerIdNumber' });

export const callerIds = z.object({ numbers: z.array(callerIdNumber) }).meta({ id: 'CallerIds' });

export const callerIdRoutes = {
  list: route('GET', '/api/caller-ids', {
    summary: "The account's numbers to call from (DescribeNumbers), with their area codes",
    tags: ['calls'],
    security: signedIn,
    response: { 200: callerIds, ...errorResponses },
  }),
} as const;
