import { z } from 'zod';
import { ApiError } from '../cloud-api/envelope.js';
import { defineAction, requireInstance } from './action.js';

const EVENT_TYPES = {
  muteMic: 'StaffMute',
  unmuteMic: 'StaffUnmute',
  hold: 'StaffHold',
  unHold: 'StaffUnhold',
} as const;
const seconds = (ms: number | undefined): number => (ms === undefined ? 0 : Math.floor(ms / 1000));

/** One session in detail, with a short-lived signed RecordURL (reference §3.1). */
export const describeSessionDetail = defineAction({
  name: 'DescribeSessionDetail',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    SessionId: z.string().min(1),
    StartTimestamp: z.int().nonnegative(),
    EndTimestamp: z.int().nonnegative(),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    const r = ctx.cdrs.get(p.SessionId);
    const started = r ? seconds(r.startedAt) : 0;
    if (!r || started < p.StartTimestamp || started > p.EndTimestamp)
      throw new ApiError(
        'FailedOperation.SessionNotExists',
        `The session \`SessionId\` ${p.SessionId} does not exist in the given time range.`,
      );
    const info = ctx.cdrs.telCdrInfo(r);
    return {
      // No ProtectedCaller/ProtectedCallee here: a masked side is just empty, as in TelCdrInfo.
      Caller: info.Caller,
      Callee: info.Callee,
      CallType: info.CallType,
      StartTimeStamp: started,
      RingTimestamp: info.RingTimestamp,
      AcceptTimestamp: seconds(r.acceptedAt),
      EndedTimestamp: seconds(r.endedAt),
      QueuedTimestamp: info.QueuedTimestamp,
      StaffUserId: r.seatUserId,
      EndStatus: r.endStatus,
      QueuedSkillGroupId: info.QueuedSkillGroupId,
      QueuedSkillGroupName: info.QueuedSkillGroupName,
      RecordURL: ctx.cdrs.recordUrl(r, ctx.recordUrlTtlSeconds),
      CustomRecordURL: '',
      AsrURL: '',
      VoicemailRecordURL: [],
      VoicemailAsrURL: [],
      IVRKeyPressed: [],
      PostIVRKeyPressed: [],
      HungUpSide: r.hungUpSide,
      UUI: r.uui,
      Events: r.operations.flatMap((op) =>
        op.name in EVENT_TYPES
          ? [{ Type: EVENT_TYPES[op.name as keyof typeof EVENT_TYPES], Timestamp: seconds(op.at) }]
          : [],
      ),
      ServeParticipants: info.ServeParticipants,
    };
  },
});
