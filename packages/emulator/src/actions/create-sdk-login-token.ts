import { z } from 'zod';
import { ApiError } from '../cloud-api/envelope.js';
import { defineAction, requireInstance } from './action.js';

/** Mints the SdkURL a browser loads the SDK from (reference §2.1). */
export const createSdkLoginToken = defineAction({
  name: 'CreateSDKLoginToken',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    SeatUserId: z.string().min(1),
    OnlyOnce: z.boolean().optional(),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    if (!ctx.config.seats.some((s) => s.userId === p.SeatUserId))
      throw new ApiError(
        'InvalidParameterValue.AccountNotExist',
        `The seat account \`SeatUserId\` ${p.SeatUserId} does not exist.`,
      );
    const { token, expiredTime } = ctx.tokens.mint(p.SeatUserId, p.OnlyOnce ?? true);
    const query = new URLSearchParams({ sdkAppId: String(p.SdkAppId), userid: p.SeatUserId, token });
    return { Token: token, ExpiredTime: expiredTime, SdkURL: `${ctx.baseUrl()}/sdk/tccc.js?${query}` };
  },
});
