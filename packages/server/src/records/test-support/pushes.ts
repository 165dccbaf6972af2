import type { PushDelivery } from '../push-ingest.js';

/** When the pushed calls happened (Unix seconds), and the seat that took them. */
export const pushT = 1_700_000_000;
export const pushSeat = 'agent@example.com';

/**
 * A data push of one answered outbound call's CDR, with its mixed recording and the seat's own
 * (`ServeParticipants`, which the seat's record push names too); `over` replaces fields.
 */
export function cdrPush(uuid: string, sessionId: string, over: Record<string, unknown> = {}): PushDelivery {
  return {
    uuid,
    action: 'cdr',
    body: {
      SessionId: sessionId,
      Direction: 1,
      Caller: '02160000000',
      Callee: '008613800138000',
      StartTimestamp: pushT,
      RingTimestamp: pushT + 1,
      AcceptTimestamp: pushT + 5,
      EndedTimestamp: pushT + 65,
      Duration: 60,
      EndStatusString: 'ok',
      HungUpSide: 'user',
      SeatUser: { Mail: pushSeat },
      RecordId: `${sessionId}-mix`,
      ServeParticipants: [{ Mail: pushSeat, RecordId: `${sessionId}-seat`, Type: 'staffSeat' }],
      ...over,
    },
  };
}

/** A record push of one participant's recording: the seat's (`${sessionId}-seat`) or the customer's. */
export function recordPush(uuid: string, sessionId: string, side: 'seat' | 'customer'): PushDelivery {
  return {
    uuid,
    action: 'record',
    body: {
      SessionId: sessionId,
      RecordId: `${sessionId}-${side === 'seat' ? 'seat' : 'cust'}`,
      EndpointUser: side === 'seat' ? pushSeat : '13800138000',
      RecordURL: `https://records.example.com/${sessionId}-${side}.mp3`,
      Timestamp: pushT + 65,
    },
  };
}
