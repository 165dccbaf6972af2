import { z } from 'zod';
import { ApiError } from '../cloud-api/envelope.js';
import { defineAction, requireInstance } from './action.js';
import { checkCdrWindow } from './cdr-window.js';

/** Phone CDRs in a time window, paged (reference §3.1). */
export const describeTelCdr = defineAction({
  name: 'DescribeTelCdr',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    StartTimeStamp: z.int().nonnegative(),
    EndTimeStamp: z.int().nonnegative(),
    PageSize: z.int().min(1).max(100).optional(),
    PageNumber: z.int().min(0).optional(),
    Phones: z.array(z.string().min(1)).max(100).optional(),
    SessionIds: z.array(z.string().min(1)).max(100).optional(),
    // Deprecated paging of older clients: Limit (≤100) and Offset.
    Limit: z.int().min(1).max(100).optional(),
    Offset: z.int().min(0).optional(),
    InstanceId: z.int().optional(),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    checkCdrWindow(ctx, p.StartTimeStamp, p.EndTimeStamp);
    let size: number;
    let first: number;
    if (p.PageSize !== undefined) {
      size = p.PageSize;
      first = (p.PageNumber ?? 0) * size;
    } else if (p.Limit !== undefined) {
      size = p.Limit;
      first = p.Offset ?? 0;
    } else {
      throw new ApiError('MissingParameter', 'The request is missing a required parameter `PageSize`.');
    }
    const all = ctx.cdrs.query({
      startTimestamp: p.StartTimeStamp,
      endTimestamp: p.EndTimeStamp,
      phones: p.Phones,
      sessionIds: p.SessionIds,
    });
    const page = all.slice(first, first + size).map((r) => ctx.cdrs.telCdrInfo(r));
    // `TelCdrs` is the deprecated name of the same list; real answers carry both.
    return { TotalCount: all.length, TelCdrList: page, TelCdrs: page };
  },
});
