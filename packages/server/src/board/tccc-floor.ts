import { z } from 'zod';
import type { UpstreamRequest } from '../records/cdr-api.js';
import type { StaffMetric } from './board-row.js';
import type { QueueFigures } from './floor-figures.js';

const staffStatusMetrics = z.looseObject({
  Metrics: z
    .array(
      z.looseObject({
        Email: z.string(),
        Status: z.string(),
        Reason: z.string().optional(),
        LastStatusTimestamp: z.number().optional(),
      }),
    )
    .default([]),
});

const statuses = new Set(['free', 'busy', 'rest', 'notReady', 'afterCallWork', 'offline']);

/** Every seat's live status from `DescribeStaffStatusMetrics`, by seat e-mail (unknown statuses left out). */
export async function readStaffStatus(
  upstream: UpstreamRequest,
  sdkAppId: number,
): Promise<Map<string, StaffMetric>> {
  const answer = staffStatusMetrics.parse(
    await upstream.request('DescribeStaffStatusMetrics', { SdkAppId: sdkAppId }),
  );
  const seats = new Map<string, StaffMetric>();
  for (const m of answer.Metrics) {
    if (!statuses.has(m.Status)) continue;
    seats.set(m.Email, {
      status: m.Status as StaffMetric['status'],
      since: (m.LastStatusTimestamp ?? 0) * 1000,
      reason: m.Reason === undefined || m.Reason === '' ? null : m.Reason,
    });
  }
  return seats;
}

const callInMetrics = z.looseObject({
  TotalMetrics: z
    .looseObject({ QueueCount: z.number(), RingCount: z.number(), AcceptCount: z.number() })
    .optional(),
});

/** TCCC's inbound calls not yet ended (`DescribeCallInMetrics`): queued, ringing a seat, connected. */
export async function readQueue(upstream: UpstreamRequest, sdkAppId: number): Promise<QueueFigures | null> {
  const answer = callInMetrics.parse(
    await upstream.request('DescribeCallInMetrics', { SdkAppId: sdkAppId, EnabledSkillGroup: false }),
  );
  const t = answer.TotalMetrics;
  return t === undefined ? null : { queued: t.QueueCount, ringing: t.RingCount, connected: t.AcceptCount };
}
