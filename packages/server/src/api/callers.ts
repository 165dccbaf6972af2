import { z } from 'zod';
import { customer } from './customers.js';
import { outcomeKeys } from './outcomes.js';
import { errorResponses, isoString, route, signedIn } from './route.js';

/** One earlier call with the caller, as the card before answering shows it. */
export const callerRecentCall = z
  .object({
    sessionId: z.string(),
    direction: z.enum(['outbound', 'inbound']),
    startedAt: isoString,
    outcome: z.enum(outcomeKeys),
    talkSeconds: z.number(),
    agentName: z.string().nullable(),
  })
  .meta({ id: 'CallerRecentCall' });

/** A call-list entry with the caller's number, and whether a callback to them is still open. */
export const callerEntry = z
  .object({
    campaignId: z.string(),
    campaignName: z.string(),
    entryId: z.string(),
    name: z.string(),
    status: z.enum(['pending', 'claimed', 'closed']),
    lastDisposition: z.string().nullable(),
    callbackAt: isoString.nullable(),
  })
  .meta({ id: 'CallerEntry' });

/** Who is calling, before the agent answers: the customer, their last calls, list entries, open callback. */
export const callerCard = z
  .object({
    customer: customer.nullable(),
    recentCalls: z.array(callerRecentCall),
    entries: z.array(callerEntry),
    openCallback: callerEntry.nullable(),
  })
  .meta({ id: 'CallerCard' });

const tags = ['customers'] as const;

export const callersRoutes = {
  card: route('GET', '/api/callers', {
    summary: "The caller's card: matched on the number, or with number protection on the customer ID",
    tags,
    security: signedIn,
    querystring: z
      .strictObject({
        phone: z.string().min(1).max(64).optional(),
        customerId: z.string().min(1).max(128).optional(),
      })
      .refine((q) => (q.phone === undefined) !== (q.customerId === undefined), {
        message: 'give exactly one of phone and customerId',
      }),
    response: { 200: callerCard, ...errorResponses },
  }),
} as const;
