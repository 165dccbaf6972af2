import { z } from 'zod';
import type { EmulatorCall } from '../calls.js';
import { defineAction, requireInstance } from './action.js';

type Phase = 'queue' | 'ring' | 'accept';

/** Where a live inbound call is and since when: queued, ringing a seat, or connected. */
function stage(call: EmulatorCall): { phase: Phase; since: number } | undefined {
  if (call.phase === 'queued') return { phase: 'queue', since: call.queuedAt ?? call.startedAt };
  if (call.acceptedAt !== undefined) return { phase: 'accept', since: call.acceptedAt };
  if (call.phase === 'ringing')
    return { phase: 'ring', since: call.participants.at(-1)?.offeredAt ?? call.startedAt };
  return undefined;
}

/** `CallInMetrics` over some live calls; durations in seconds. */
function metrics(calls: EmulatorCall[], now: number): Record<string, number> {
  const by: Record<Phase, number[]> = { queue: [], ring: [], accept: [] };
  for (const c of calls) {
    const s = stage(c);
    if (s) by[s.phase].push(Math.max(0, Math.floor((now - s.since) / 1000)));
  }
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
  const avg = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
  return {
    // No IVR and no transfers to outside lines are emulated.
    IvrCount: 0,
    QueueCount: by.queue.length,
    RingCount: by.ring.length,
    AcceptCount: by.accept.length,
    TransferOuterCount: 0,
    MaxQueueDuration: max(by.queue),
    AvgQueueDuration: avg(by.queue),
    MaxRingDuration: max(by.ring),
    AvgRingDuration: avg(by.ring),
    MaxAcceptDuration: max(by.accept),
    AvgAcceptDuration: avg(by.accept),
  };
}

/** Live inbound calls: totals, per skill group and per line (reference §8.2). */
export const describeCallInMetrics = defineAction({
  name: 'DescribeCallInMetrics',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    EnabledSkillGroup: z.boolean().optional(),
    EnabledNumber: z.boolean().optional(),
    GroupIdList: z.array(z.int()).optional(),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    const now = ctx.now();
    const live = ctx.calls.list().filter((c) => c.direction === 'inbound' && c.endedAt === undefined);
    const groups = ctx.config.skillGroups.filter(
      (g) => g.type === 'phone' && (p.GroupIdList === undefined || p.GroupIdList.includes(g.skillGroupId)),
    );
    const perGroup = (calls: EmulatorCall[]) =>
      groups.map((g) => ({
        SkillGroupId: g.skillGroupId,
        Name: g.name,
        Metrics: metrics(
          calls.filter((c) => c.skillGroupId === g.skillGroupId),
          now,
        ),
      }));
    return {
      Timestamp: Math.floor(now / 1000),
      TotalMetrics: metrics(live, now),
      NumberMetrics:
        p.EnabledNumber === true
          ? ctx.config.numbers.map((n) => {
              const onLine = live.filter((c) => c.callee === n);
              return { Number: n, Metrics: metrics(onLine, now), SkillGroupMetrics: perGroup(onLine) };
            })
          : [],
      SkillGroupMetrics: p.EnabledSkillGroup === false ? [] : perGroup(live),
    };
  },
});
