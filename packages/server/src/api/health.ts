import { z } from 'zod';
import { errorBody, route } from './route.js';

const checkState = z.enum(['ok', 'unavailable', 'closing']);
const tags = ['health'] as const;

export const healthRoutes = {
  live: route('GET', '/healthz', {
    summary: 'Liveness: the process answers',
    tags,
    response: { 200: z.object({ ok: z.literal(true) }) },
  }),
  ready: route('GET', '/readyz', {
    summary: 'Readiness: the database and every shared service answer, and the server is not closing',
    tags,
    response: {
      200: z.object({ ok: z.literal(true), checks: z.record(z.string(), checkState) }),
      503: errorBody.extend({ checks: z.record(z.string(), checkState) }),
    },
  }),
} as const;
