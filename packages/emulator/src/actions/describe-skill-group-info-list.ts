import { z } from 'zod';
import { skillGroupInfoItem } from '../skill-groups.js';
import { defineAction, requireInstance } from './action.js';

/** The app's skill groups, paged (transfer targets, inbound queues). */
export const describeSkillGroupInfoList = defineAction({
  name: 'DescribeSkillGroupInfoList',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    PageSize: z.int().min(1).max(100),
    PageNumber: z.int().min(0),
    SkillGroupId: z.int().optional(),
    ModifiedTime: z.int().nonnegative().optional(),
    SkillGroupName: z.string().optional(),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    // Groups come from the config file, so none has been modified since it was read (time 0).
    const groups = ctx.config.skillGroups.filter(
      (g) =>
        (p.SkillGroupId === undefined || g.skillGroupId === p.SkillGroupId) &&
        (p.SkillGroupName === undefined || g.name.includes(p.SkillGroupName)) &&
        (p.ModifiedTime === undefined || p.ModifiedTime <= 0),
    );
    const first = p.PageNumber * p.PageSize;
    return {
      TotalCount: groups.length,
      SkillGroupList: groups.slice(first, first + p.PageSize).map(skillGroupInfoItem),
    };
  },
});
