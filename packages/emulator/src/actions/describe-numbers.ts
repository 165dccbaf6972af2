import { z } from 'zod';
import { nationalNumber } from '../numbers.js';
import { defineAction, requireInstance } from './action.js';

/** The app's outbound numbers (reference §3.3). */
export const describeNumbers = defineAction({
  name: 'DescribeNumbers',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    PageNumber: z.int().min(0).optional(),
    PageSize: z.int().min(1).max(100).optional(),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    const size = p.PageSize ?? 20;
    const first = (p.PageNumber ?? 0) * size;
    const numbers = ctx.config.numbers.map((n) => ({
      Number: nationalNumber(n),
      CallOutSkillGroupIds: ctx.config.skillGroups
        .filter((g) => g.callOutNumbers.includes(nationalNumber(n)))
        .map((g) => g.skillGroupId),
      State: 1,
      CostType: 0,
    }));
    return { TotalCount: numbers.length, Numbers: numbers.slice(first, first + size) };
  },
});
