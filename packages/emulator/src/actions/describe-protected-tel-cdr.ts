import { z } from 'zod';
import { defineAction, requireInstance } from './action.js';
import { checkCdrWindow } from './cdr-window.js';

/** CDRs of the calls whose customer number was masked (号码保护), paged like DescribeTelCdr. */
export const describeProtectedTelCdr = defineAction({
  name: 'DescribeProtectedTelCdr',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    StartTimeStamp: z.int().nonnegative(),
    EndTimeStamp: z.int().nonnegative(),
    PageSize: z.int().min(1).max(100),
    PageNumber: z.int().min(0),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    checkCdrWindow(ctx, p.StartTimeStamp, p.EndTimeStamp);
    const all = ctx.cdrs.query({
      startTimestamp: p.StartTimeStamp,
      endTimestamp: p.EndTimeStamp,
      protectedOnly: true,
    });
    const first = p.PageNumber * p.PageSize;
    const page = all.slice(first, first + p.PageSize).map((r) => ctx.cdrs.telCdrInfo(r));
    // `TelCdrs` is the deprecated name of the same list.
    return { TotalCount: all.length, TelCdrList: page, TelCdrs: page };
  },
});
