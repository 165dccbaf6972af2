import { z } from 'zod';
import type { transferTargets } from '../api/transfer.js';
import type { UpstreamRequest } from '../records/cdr-api.js';

export type TransferTargets = z.output<typeof transferTargets>;

const staffPage = z.looseObject({
  TotalCount: z.number().int().nonnegative(),
  StaffList: z
    .array(
      z.looseObject({ Mail: z.string(), Name: z.string().optional(), StaffNumber: z.string().optional() }),
    )
    .optional(),
});
const groupPage = z.looseObject({
  TotalCount: z.number().int().nonnegative(),
  SkillGroupList: z
    .array(
      z.looseObject({
        SkillGroupId: z.number().int(),
        SkillGroupName: z.string(),
        Type: z.string().optional(),
      }),
    )
    .optional(),
});

// One page covers a contact center of ordinary size; larger ones are read page by page.
const staffPageSize = 9999;
const groupPageSize = 100;
const maxPages = 20;

/**
 * The app's seats (`DescribeStaffInfoList`) but the caller's own, and its phone skill groups
 * (`DescribeSkillGroupInfoList`, Type TEL), as a blind transfer may name them.
 */
export async function listTransferTargets(
  upstream: UpstreamRequest,
  sdkAppId: number,
  ownSeat: string,
): Promise<TransferTargets> {
  const seats: TransferTargets['seats'] = [];
  for (let page = 0; page < maxPages; page++) {
    const res = staffPage.parse(
      await upstream.request('DescribeStaffInfoList', {
        SdkAppId: sdkAppId,
        PageSize: staffPageSize,
        PageNumber: page,
      }),
    );
    const list = res.StaffList ?? [];
    for (const s of list)
      if (s.Mail !== ownSeat)
        seats.push({ userId: s.Mail, name: s.Name || s.Mail, staffNumber: s.StaffNumber ?? '' });
    if (list.length < staffPageSize || (page + 1) * staffPageSize >= res.TotalCount) break;
  }
  const skillGroups: TransferTargets['skillGroups'] = [];
  for (let page = 0; page < maxPages; page++) {
    const res = groupPage.parse(
      await upstream.request('DescribeSkillGroupInfoList', {
        SdkAppId: sdkAppId,
        PageSize: groupPageSize,
        PageNumber: page,
      }),
    );
    const list = res.SkillGroupList ?? [];
    for (const g of list)
      if (g.Type === undefined || g.Type === 'TEL')
        skillGroups.push({ skillGroupId: String(g.SkillGroupId), name: g.SkillGroupName });
    if (list.length < groupPageSize || (page + 1) * groupPageSize >= res.TotalCount) break;
  }
  return { seats, skillGroups };
}
