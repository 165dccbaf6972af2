import { z } from 'zod';
import { errorResponses, route, signedIn } from './route.js';

/** Another agent's seat a call can be sent to. */
export const transferSeat = z
  .object({ userId: z.string(), name: z.string(), staffNumber: z.string() })
  .meta({ id: 'TransferSeat' });

/** A phone skill group a call can be queued on. */
export const transferGroup = z
  .object({ skillGroupId: z.string(), name: z.string() })
  .meta({ id: 'TransferGroup' });

export const transferTargets = z
  .object({ seats: z.array(transferSeat), skillGroups: z.array(transferGroup) })
  .meta({ id: 'TransferTargets' });

export const transferRoutes = {
  targets: route('GET', '/api/transfer-targets', {
    summary: "Where a call can be transferred: the app's other seats and its phone skill groups, from TCCC",
    tags: ['calls'],
    security: signedIn,
    response: { 200: transferTargets, ...errorResponses },
  }),
} as const;
