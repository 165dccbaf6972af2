import { z } from 'zod';
import { landlineAreaCode } from '../api/area-codes.js';
import type { callerIds } from '../api/caller-ids.js';
import { normalisePhone } from '../phone/phone.js';
import type { UpstreamRequest } from '../records/cdr-api.js';

export type CallerIds = z.output<typeof callerIds>;

const numbersPage = z.looseObject({
  TotalCount: z.number().int().nonnegative(),
  Numbers: z.array(z.looseObject({ Number: z.string(), State: z.number().int().optional() })).optional(),
});
const pageSize = 100;
const maxPages = 20;

/** The account's usable outbound numbers (`DescribeNumbers`), national form, with their area codes. */
export async function listCallerIds(upstream: UpstreamRequest, sdkAppId: number): Promise<CallerIds> {
  const numbers: CallerIds['numbers'] = [];
  for (let page = 0; page < maxPages; page++) {
    const res = numbersPage.parse(
      await upstream.request('DescribeNumbers', { SdkAppId: sdkAppId, PageNumber: page, PageSize: pageSize }),
    );
    const list = res.Numbers ?? [];
    for (const n of list) {
      // State 1 is a number in service; a number without a state is taken as usable.
      if (n.State !== undefined && n.State !== 1) continue;
      const number = normalisePhone(n.Number);
      numbers.push({ number, areaCode: landlineAreaCode(number) ?? null });
    }
    if (list.length < pageSize || (page + 1) * pageSize >= res.TotalCount) break;
  }
  return { numbers };
}
