// `tccc.Call` (reference §1.5).
import { fail, ok, type SdkResponse } from './response.js';
import type { SdkState } from './state.js';

export interface OutboundCallOptions {
  phoneNumber: string;
  phoneDesc?: string;
  uui?: string;
  skillGroupId?: string | number;
  callerPhoneNumber?: string;
  servingNumberGroupIds?: string[];
  phoneEncodeType?: 'number';
}
interface SessionOptions {
  sessionId?: string;
}

export function createCall(state: SdkState) {
  const { transport, media } = state;
  const notReady = (): SdkResponse<never> | undefined =>
    state.ready ? undefined : fail('The SDK is not ready yet: call APIs after the ready event.');

  /** One backend operation; `after` runs only when it succeeded. */
  async function op(verb: string, body: Record<string, unknown>, after?: () => void): Promise<SdkResponse> {
    const early = notReady();
    if (early) return early;
    const r = await transport.post(verb, body);
    if (r.error) return fail(r.error);
    after?.();
    return ok();
  }

  const Call = {
    async startOutboundCall(o: OutboundCallOptions): Promise<SdkResponse> {
      const early = notReady();
      if (early) return early;
      if (typeof o?.phoneNumber !== 'string' || o.phoneNumber.trim() === '')
        return fail('phoneNumber is required');
      const micError = await media.openMicrophone();
      if (micError) return fail(micError);
      const r = await transport.post('call', { ...o });
      if (r.error) {
        media.release();
        return fail(r.error);
      }
      const { error: _none, ...data } = r;
      return ok(data);
    },
    async accept(o: SessionOptions): Promise<SdkResponse> {
      const early = notReady();
      if (early) return early;
      const micError = await media.openMicrophone();
      if (micError) return fail(micError);
      const r = await transport.post('accept', { sessionId: o?.sessionId });
      if (r.error) {
        media.release();
        return fail(r.error);
      }
      return ok({ sessionId: o?.sessionId });
    },
    hungUp: (o?: SessionOptions) => op('hangup', { sessionId: o?.sessionId }),
    /** Rejects a ringing inbound call, which goes on to the next seat (2025-09 release). */
    end: (o?: SessionOptions) => op('end', { sessionId: o?.sessionId }),
    deleteCall: (o: SessionOptions) => op('complete', { sessionId: o?.sessionId }),
    muteMic: (o?: SessionOptions) =>
      op('operate', { sessionId: o?.sessionId, op: 'muteMic' }, () => media.setMuted(true)),
    unmuteMic: (o?: SessionOptions) =>
      op('operate', { sessionId: o?.sessionId, op: 'unmuteMic' }, () => media.setMuted(false)),
    async isMicMuted(_o?: SessionOptions): Promise<SdkResponse<boolean>> {
      return ok(media.isMuted);
    },
    hold: (o?: SessionOptions) =>
      op('operate', { sessionId: o?.sessionId, op: 'hold' }, () => media.setHeld(true)),
    unHold: (o?: SessionOptions) =>
      op('operate', { sessionId: o?.sessionId, op: 'unHold' }, () => media.setHeld(false)),
    sendDigits: (o: SessionOptions & { dtmfText: string }) =>
      op('digits', { sessionId: o?.sessionId, dtmfText: o?.dtmfText }),
    transfer: (o: SessionOptions & { skillGroupId?: string | number; userId?: string }) =>
      op('transfer', { sessionId: o?.sessionId, skillGroupId: o?.skillGroupId, userId: o?.userId }),
    async startInternalCall(_o: { calleeUserId: string; useMobile?: boolean }): Promise<SdkResponse> {
      return fail('Internal (agent-to-agent) calls are not emulated.');
    },
    // Consultation (咨询, docs 679/134542): the consulted party's side and memberStateChanged are not
    // modelled, so the methods exist and say so rather than pretend.
    async invite(_o: {
      sessionId: string;
      callee: { userId?: string; skillGroupId?: string | number; phone?: string };
      allowQueue?: boolean;
    }): Promise<SdkResponse> {
      return fail('Consultation (Call.invite) is not emulated.');
    },
    async reconnect(_o: { sessionId: string; memberId: string }): Promise<SdkResponse> {
      return fail('Consultation (Call.reconnect) is not emulated.');
    },
  };
  return Call;
}
