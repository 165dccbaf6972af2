import { describe, expect, it, vi } from 'vitest';
import type { CallState } from './call.js';
import { systemClock } from './clock.js';
import { Dialer, type DialerEnv } from './dialer.js';
import { TcccDialerError } from './errors.js';
import { chromeDevicesWithoutHeadset, FakeMediaDevices } from './test-support/fake-media.js';
import { fakeTccc } from './test-support/fake-tccc.js';

function setup(outbound?: Parameters<typeof fakeTccc>[0]) {
  const sdk = fakeTccc(outbound);
  const page = new EventTarget();
  const devices = new FakeMediaDevices();
  let destroyed = 0;
  const env: DialerEnv = {
    tccc: sdk.tccc,
    clock: systemClock,
    window: page,
    mediaDevices: devices,
    onDestroy: () => destroyed++,
  };
  const dialer = new Dialer(env);
  const leaving = () => {
    const e = new Event('beforeunload', { cancelable: true });
    page.dispatchEvent(e);
    return e.defaultPrevented;
  };
  return { ...sdk, dialer, devices, leaving, destroyed: () => destroyed };
}

describe('Dialer', () => {
  it('walks a call through its states and resolves ended with who hung up and why', async () => {
    const { dialer, fire } = setup();
    const seen: CallState[] = [];
    dialer.on('call', (c) => {
      seen.push(c.state);
      c.on('state', (s) => seen.push(s));
    });
    const call = await dialer.dial('138 0013 8000');
    expect(call.sessionId).toBe('s1');
    fire('callOuted', { sessionId: 's1' });
    fire('calloutAccepted', { sessionId: 's1' });
    fire('sessionEnded', { sessionId: 's1', closeBy: 'client', mainReason: 'hangup' });
    expect(seen).toEqual(['dialing', 'ringing', 'connected', 'ended']);
    await expect(call.ended).resolves.toMatchObject({
      sessionId: 's1',
      closeBy: 'client',
      answered: true,
      reason: 'hangup',
    });
    expect(dialer.currentCall).toBeUndefined();
  });

  it('a throwing state handler is reported, and the call still ends', async () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (e: unknown) => reported.push(e));
    try {
      const { dialer, fire } = setup();
      const call = await dialer.dial('13800138000');
      call.on('state', () => {
        throw new Error('bug in a UI handler');
      });
      fire('sessionEnded', { sessionId: 's1', closeBy: 'client' });
      await expect(call.ended).resolves.toMatchObject({ closeBy: 'client' });
      expect(reported).toEqual([expect.objectContaining({ message: 'bug in a UI handler' })]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('reads the session id from a flat response too (res.data ?? res)', async () => {
    const { dialer } = setup(async () => ({ status: 'success', sessionId: 'flat-1' }));
    expect((await dialer.dial('13800138000')).sessionId).toBe('flat-1');
  });

  it('refuses a second call and wrong-state controls at once, naming both states', async () => {
    const { dialer } = setup();
    const call = await dialer.dial('13800138000');
    expect(() => dialer.dial('13800138001')).toThrow(/needs no live call, but the current call is dialing/);
    expect(() => call.mute()).toThrow(/mute\(\) needs connected, but the call is dialing/);
    expect(() => call.sendDigits('12a')).toThrow(TcccDialerError);
  });

  it('tracks mute and hold, and refuses to unmute an unmuted call', async () => {
    const { dialer, fire, calls } = setup();
    const call = await dialer.dial('13800138000');
    fire('calloutAccepted', { sessionId: 's1' });
    expect(() => call.unmute()).toThrow(/unmute\(\) needs a call muted, but the call is not muted/);
    await call.mute();
    await call.hold();
    expect([call.muted, call.held]).toEqual([true, true]);
    await call.sendDigits('12#');
    expect(calls.map((c) => c[0]).slice(-3)).toEqual(['muteMic', 'hold', 'sendDigits']);
    expect(calls.at(-1)?.[1]).toEqual({ sessionId: 's1', dtmfText: '12#' });
  });

  it('rejects a malformed number before touching the SDK', () => {
    const { dialer, calls } = setup();
    expect(() => dialer.dial('call me')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(calls).toEqual([]);
  });

  it('a vendor failure ends the call with CALL_FAILED; a refused microphone gets its own code', async () => {
    const failing = setup(async () => ({ status: 'error', errorMsg: 'no outbound number' }));
    const seen: string[] = [];
    failing.dialer.on('call', (c) => void c.ended.then((e) => seen.push(`${e.closeBy}:${e.error?.code}`)));
    await expect(failing.dialer.dial('13800138000')).rejects.toMatchObject({ code: 'CALL_FAILED' });
    expect(seen).toEqual(['seat:CALL_FAILED']);
    const mic = setup(async () => ({
      status: 'error',
      errorMsg: 'Microphone unavailable: NotAllowedError: denied',
    }));
    await expect(mic.dialer.dial('13800138000')).rejects.toMatchObject({ code: 'MIC_PERMISSION_DENIED' });
    // The slot is free again after a failure.
    await expect(failing.dialer.dial('13800138000')).rejects.toMatchObject({ code: 'CALL_FAILED' });
  });
});

describe('Dialer and Call: SDK refusals', () => {
  it('a refused call action or status change rejects with its code and the SDK’s text; a revoked microphone gets its own code', async () => {
    const { dialer, fire, tccc } = setup();
    const call = await dialer.dial('13800138000');
    fire('calloutAccepted', { sessionId: 's1' });
    tccc.Call.hold = async () => ({ status: 'error', errorMsg: 'session not found' });
    await expect(call.hold()).rejects.toMatchObject({
      code: 'CALL_ACTION_FAILED',
      message: 'The call action failed: session not found',
    });
    expect(call.held).toBe(false);
    await call.mute();
    tccc.Call.unmuteMic = async () => ({ status: 'error', errorMsg: 'NotAllowedError: Permission denied' });
    await expect(call.unmute()).rejects.toMatchObject({ code: 'MIC_PERMISSION_DENIED' });
    expect(call.muted).toBe(true);
    const offline = new Error('socket closed');
    tccc.Agent = {
      setStatus: async () => {
        throw offline;
      },
    };
    await expect(dialer.setAgentStatus('rest')).rejects.toMatchObject({
      code: 'AGENT_STATUS_FAILED',
      cause: offline,
    });
  });
});

describe('Dialer.dial beforeDial', () => {
  it('a refusal surfaces as DIAL_REFUSED with the coded reason, and the SDK is never asked', async () => {
    const { dialer, calls } = setup();
    const err = await dialer
      .dial('13800138000', { beforeDial: async () => ({ allowed: false, reason: 'DNC_LISTED' }) })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DIAL_REFUSED', reason: 'DNC_LISTED' });
    expect(calls).toEqual([]);
  });

  it('gets the request, can stamp uui, and holds the one-call slot while it runs', async () => {
    const { dialer, calls } = setup();
    let release: () => void = () => {};
    const pending = dialer.dial('13800138000', {
      phoneDesc: 'Ms Li',
      beforeDial: async (req) => {
        expect(req).toEqual({ number: '13800138000', phoneDesc: 'Ms Li' });
        await new Promise<void>((r) => {
          release = r;
        });
        return { allowed: true, uui: 'permit-7' };
      },
    });
    expect(() => dialer.dial('13800138001')).toThrow(/a dial is in progress/);
    release();
    await pending;
    expect(calls[0]).toEqual([
      'startOutboundCall',
      { phoneNumber: '13800138000', phoneDesc: 'Ms Li', uui: 'permit-7' },
    ]);
  });

  it('a failing hook is DIAL_PERMIT_FAILED with the cause; a hook forgetting to answer is a programmer error', async () => {
    const { dialer } = setup();
    const cause = new Error('offline');
    await expect(
      dialer.dial('13800138000', { beforeDial: async () => Promise.reject(cause) }),
    ).rejects.toMatchObject({ code: 'DIAL_PERMIT_FAILED', cause });
    await expect(
      dialer.dial('13800138000', { beforeDial: (async () => undefined) as never }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('Dialer runtime care', () => {
  it('guards page unload only while a call is live', async () => {
    const { dialer, fire, leaving } = setup();
    expect(leaving()).toBe(false);
    await dialer.dial('13800138000');
    expect(leaving()).toBe(true);
    fire('sessionEnded', { sessionId: 's1', closeBy: 'seat' });
    await Promise.resolve();
    expect(leaving()).toBe(false);
  });

  it('emits deviceLost with DEVICE_LOST when the input in use disappears mid-call', async () => {
    const { dialer, devices } = setup();
    const lost: unknown[] = [];
    dialer.on('deviceLost', (d) => lost.push(d));
    await dialer.dial('13800138000');
    devices.change(chromeDevicesWithoutHeadset());
    await new Promise((r) => setTimeout(r, 0));
    expect(lost).toEqual([
      expect.objectContaining({
        deviceId: 'mic-headset',
        error: expect.objectContaining({ code: 'DEVICE_LOST' }),
      }),
    ]);
  });

  it('a tokenExpired after ready is an error event; agent status follows the SDK', async () => {
    const { dialer, fire, calls } = setup();
    const errors: string[] = [];
    const statuses: string[] = [];
    dialer.on('error', (e) => errors.push(e.code));
    dialer.on('agentStatus', (s) => statuses.push(s));
    expect(dialer.agentStatus).toBe('notReady');
    fire('tokenExpired', { message: 'expired' });
    await dialer.setAgentStatus('free');
    fire('statusChanged', { status: 'free' });
    expect([errors, statuses, dialer.agentStatus]).toEqual([['SDK_TOKEN_EXPIRED'], ['free'], 'free']);
    expect(calls.at(-1)).toEqual(['setStatus', { status: 'free' }]);
  });

  it('destroy hangs up a live call, removes every SDK listener, and later use throws', async () => {
    const { dialer, calls, listenerCount, destroyed, leaving } = setup();
    const call = await dialer.dial('13800138000');
    dialer.destroy();
    dialer.destroy();
    await expect(call.ended).resolves.toMatchObject({ closeBy: 'seat', reason: 'destroyed' });
    await Promise.resolve();
    expect(calls.map((c) => c[0])).toContain('hungUp');
    expect(listenerCount()).toBe(0);
    expect(destroyed()).toBe(1);
    expect(leaving()).toBe(false);
    expect(() => dialer.dial('13800138000')).toThrow(/destroyed/);
  });
});
