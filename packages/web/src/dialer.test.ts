import { describe, expect, it } from 'vitest';
import { Dialer } from './dialer.js';
import { isTcccDialerError } from './errors.js';
import type { VendorTccc } from './vendor.js';

function fakeTccc() {
  const handlers = new Map<string, Set<(p: Record<string, unknown>) => void>>();
  const ok = async () => ({ status: 'success' as const });
  const tccc: VendorTccc = {
    on: (e, h) => {
      const s = handlers.get(e) ?? new Set();
      s.add(h);
      handlers.set(e, s);
    },
    off: (e, h) => handlers.get(e)?.delete(h),
    Call: {
      startOutboundCall: async () => ({ status: 'success', data: { sessionId: 's1' } }),
      hungUp: ok,
      muteMic: ok,
      unmuteMic: ok,
      hold: ok,
      unHold: ok,
      sendDigits: ok,
      transfer: ok,
    },
  };
  const fire = (e: string, p: Record<string, unknown>) => {
    for (const h of handlers.get(e) ?? []) h(p);
  };
  return { tccc, fire, handlers };
}

describe('Dialer', () => {
  it('walks a call through its states and resolves ended with who hung up', async () => {
    const { tccc, fire } = fakeTccc();
    const dialer = new Dialer(tccc, () => {});
    const call = await dialer.dial('138 0013 8000');
    const seen: string[] = [];
    call.on('state', (s) => seen.push(s));
    expect(call.sessionId).toBe('s1');
    fire('callOuted', { sessionId: 's1' });
    fire('calloutAccepted', { sessionId: 's1' });
    fire('sessionEnded', { sessionId: 's1', closeBy: 'client' });
    expect(seen).toEqual(['ringing', 'connected', 'ended']);
    await expect(call.ended).resolves.toMatchObject({ sessionId: 's1', closeBy: 'client' });
  });

  it('refuses a second call and wrong-state controls at once, naming the states', async () => {
    const { tccc } = fakeTccc();
    const dialer = new Dialer(tccc, () => {});
    const call = await dialer.dial('13800138000');
    await expect(dialer.dial('13800138001')).rejects.toSatisfy(isTcccDialerError);
    expect(() => call.mute()).toThrow(/connected.*dialing/);
  });

  it('rejects a malformed number before touching the SDK', async () => {
    const { tccc } = fakeTccc();
    const dialer = new Dialer(tccc, () => {});
    await expect(dialer.dial('call me')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('destroy removes every SDK listener', () => {
    const { tccc, handlers } = fakeTccc();
    let cleaned = false;
    const dialer = new Dialer(tccc, () => {
      cleaned = true;
    });
    dialer.destroy();
    expect([...handlers.values()].every((s) => s.size === 0)).toBe(true);
    expect(cleaned).toBe(true);
  });
});
