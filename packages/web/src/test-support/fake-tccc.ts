import type { VendorPayload, VendorResponse, VendorTccc } from '../vendor.js';

type Handler = (p: VendorPayload) => void;

/**
 * A scripted `window.tccc` for unit tests of the Dialer: records every SDK call and lets the test
 * fire SDK events. Browser tests use the emulator's real SDK instead.
 */
export function fakeTccc(
  outbound: () => Promise<VendorResponse> = async () => ({ status: 'success', data: { sessionId: 's1' } }),
) {
  const handlers = new Map<string, Set<Handler>>();
  const calls: Array<[string, Record<string, unknown> | undefined]> = [];
  const record =
    (name: string, res: () => Promise<VendorResponse> = async () => ({ status: 'success' })) =>
    (o?: Record<string, unknown>) => {
      calls.push([name, o]);
      return res();
    };
  const tccc: VendorTccc = {
    on: (e, h) => {
      const s = handlers.get(e) ?? new Set();
      s.add(h);
      handlers.set(e, s);
    },
    off: (e, h) => handlers.get(e)?.delete(h),
    Call: {
      startOutboundCall: record('startOutboundCall', outbound),
      hungUp: record('hungUp'),
      muteMic: record('muteMic'),
      unmuteMic: record('unmuteMic'),
      hold: record('hold'),
      unHold: record('unHold'),
      sendDigits: record('sendDigits'),
      transfer: record('transfer'),
    },
    Agent: { setStatus: record('setStatus'), getStatus: () => 'notReady' },
  };
  const fire = (e: string, p: VendorPayload = {}) => {
    for (const h of handlers.get(e) ?? []) h(p);
  };
  const listenerCount = () => [...handlers.values()].reduce((n, s) => n + s.size, 0);
  return { tccc, fire, calls, listenerCount };
}
