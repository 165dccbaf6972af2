import { z } from 'zod';
import { ApiError } from '../cloud-api/envelope.js';
import { defineAction, requireInstance } from './action.js';

/** A single-use link into the management console (here: the emulator's live-call page) for an administrator. */
export const createAdminUrl = defineAction({
  name: 'CreateAdminURL',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    SeatUserId: z.string().min(1),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    const seat = ctx.config.seats.find((s) => s.userId === p.SeatUserId);
    if (!seat)
      throw new ApiError(
        'InvalidParameterValue.AccountNotExist',
        `The seat account \`SeatUserId\` ${p.SeatUserId} does not exist.`,
      );
    // The console is for administrators (role 1): a plain agent gets no link.
    if (seat.role !== 'supervisor')
      throw new ApiError(
        'FailedOperation.PermissionDenied',
        `The seat account \`SeatUserId\` ${p.SeatUserId} is not an administrator of the app.`,
      );
    return { URL: ctx.admin.mint(seat.userId) };
  },
});
