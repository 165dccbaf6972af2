import { z } from 'zod';
import type { AgentStatus } from '../calls.js';
import { groupsOf } from '../skill-groups.js';
import { type ActionContext, defineAction, requireInstance } from './action.js';

/** The metrics' status names: the SDK's `arrange` is `afterCallWork` here. */
const METRIC_STATUS: Record<AgentStatus, string> = {
  free: 'free',
  busy: 'busy',
  rest: 'rest',
  notReady: 'notReady',
  arrange: 'afterCallWork',
  offline: 'offline',
};
const STATUS_NAMES = ['free', 'busy', 'rest', 'notReady', 'afterCallWork', 'offline'] as const;
const seconds = (ms: number | undefined): number => (ms === undefined ? 0 : Math.floor(ms / 1000));

/** Every seat's live status and today's time in each status, from the emulator's own seat state (reference §8.2). */
export const describeStaffStatusMetrics = defineAction({
  name: 'DescribeStaffStatusMetrics',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    StaffList: z.array(z.string().min(1)).optional(),
    GroupIdList: z.array(z.int()).optional(),
    StatusList: z.array(z.enum(STATUS_NAMES)).optional(),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    const metrics = ctx.config.seats
      .filter((s) => p.StaffList === undefined || p.StaffList.includes(s.userId))
      .filter(
        (s) =>
          p.GroupIdList === undefined ||
          groupsOf(ctx.config, s.userId).some((g) => p.GroupIdList?.includes(g.skillGroupId)),
      )
      .map((s) => staffMetrics(ctx, s.userId))
      .filter(
        (m) => p.StatusList === undefined || p.StatusList.includes(m.Status as (typeof STATUS_NAMES)[number]),
      );
    return { Metrics: metrics };
  },
});

function staffMetrics(ctx: ActionContext, userId: string): Record<string, unknown> & { Status: string } {
  const { calls } = ctx;
  const statuses = calls.statuses;
  // A seat whose every SDK has gone away is offline, whatever it last chose.
  const status: AgentStatus = calls.online(userId) ? calls.status(userId) : 'offline';
  const today = statuses.today(userId);
  const open = calls.openLeg(userId);
  const clients = calls.clients(userId);
  return {
    Email: userId,
    Status: METRIC_STATUS[status],
    StatusExtra:
      status === 'busy' && open
        ? { Type: 'tel', Direct: open.call.direction === 'outbound' ? 'out' : 'in' }
        : {},
    OnlineDuration: seconds(today.free + today.busy + today.arrange + today.notReady + today.rest),
    FreeDuration: seconds(today.free),
    BusyDuration: seconds(today.busy),
    NotReadyDuration: seconds(today.notReady),
    RestDuration: seconds(today.rest),
    AfterCallWorkDuration: seconds(today.arrange),
    Reason: status === 'rest' ? statuses.reason(userId) : '',
    ReserveRest: false,
    ReserveNotReady: false,
    UseMobileAccept: 0,
    UseMobileCallOut: false,
    LastOnlineTimestamp: seconds(statuses.lastOnline(userId)),
    LastStatusTimestamp: seconds(statuses.since(userId)),
    ClientInfo: Array.from({ length: clients }, () => ({ ClientType: 'Web', IsConnected: true })),
  };
}
