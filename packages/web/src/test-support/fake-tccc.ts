import type { VendorPayload, VendorResponse, VendorTccc } from '../vendor.js';

type Handler = (p: VendorPayload) => void;
type Reply = () => Promise<VendorResponse>;

const METHODS = [
  'startOutboundCall',
  'accept',
  'end',
  'hungUp',
  'muteMic',
  'unmuteMic',
  'hold',
  'unHold',
  'sendDigits',
  'transfer',
] as const;

/**
 * A scripted `window.tccc` for unit tests of the Dialer: records every SDK call, answers each as
 * `reply()` says (success by default), and lets the test fire SDK events. Browser tests use the
 * emulator's real SDK instead.
 */
export function fakeTccc(outbound: Reply = async () => ({ status: 'success', data: { sessionId: 's1' } })) {
  const handlers = new Map<string, Set<Handler>>();
  const calls: Array<[string, Record<string, unknown> | undefined]> = [];
  const replies = new Map<string, Reply>([['startOutboundCall', outbound]]);
  const record = (name: string) => (o?: Record<string, unknown>) => {
    calls.push([name, o]);
    return (replies.get(name) ?? (async () => ({ status: 'success' as const })))();
  };
  const Call = Object.fromEntries(METHODS.map((m) => [m, record(m)])) as VendorTccc['Call'];
  const tccc: VendorTccc = {
    on: (e, h) => {
      const s = handlers.get(e) ?? new Set();
      s.add(h);
      handlers.set(e, s);
    },
    off: (e, h) => handlers.get(e)?.delete(h),
    Call,
    Agent: { setStatus: record('setStatus'), getStatus: () => 'notReady' },
  };
  const fire = (e: string, p: VendorPayload = {}) => {
    for (const h of handlers.get(e) ?? []) h(p);
  };
  /** How the SDK answers `method` from now on. */
  const reply = (method: string, answer: Reply) => replies.set(method, answer);
  const listenerCount = () => [...handlers.values()].reduce((n, s) => n + s.size, 0);
  return { tccc, fire, calls, reply, listenerCount };
}
