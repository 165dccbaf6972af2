import { z } from 'zod';
import { groupsOf, skillGroupItem } from '../skill-groups.js';
import { defineAction, requireInstance } from './action.js';

/** The app's seats (reference §3.2). */
export const describeStaffInfoList = defineAction({
  name: 'DescribeStaffInfoList',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    PageSize: z.int().min(1).max(9999),
    PageNumber: z.int().min(0),
    StaffMail: z.string().min(1).optional(),
    ModifiedTime: z.int().nonnegative().optional(),
    SkillGroupId: z.int().optional(),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    const seats = ctx.config.seats.filter(
      (s) =>
        (p.StaffMail === undefined || s.userId === p.StaffMail) &&
        (p.SkillGroupId === undefined ||
          groupsOf(ctx.config, s.userId).some((g) => g.skillGroupId === p.SkillGroupId)),
    );
    const first = p.PageNumber * p.PageSize;
    return {
      TotalCount: seats.length,
      StaffList: seats.slice(first, first + p.PageSize).map((s) => ({
        Name: s.name,
        Mail: s.userId,
        Phone: s.phone ?? '',
        Nick: s.name,
        StaffNumber: s.staffNumber ?? '',
        RoleList: [s.role === 'supervisor' ? 1 : 3],
        SkillGroupList: groupsOf(ctx.config, s.userId).map(skillGroupItem),
        LastModifyTimestamp: 0,
        ExtensionNumber: '',
      })),
    };
  },
});
