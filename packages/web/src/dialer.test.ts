import { describe, expect, it, vi } from 'vitest';
import type { CallState, IncomingCall } from './call.js';
import { TcccDialerError } from './errors.js';
import { settle, setup } from './test-support/dialer-setup.js';

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

  it('destroy hangs up a live call, ends a ringing one here, removes every SDK listener, and later use throws', async () => {
    const { dialer, calls, fire, listenerCount, destroyed } = setup();
    const call = await dialer.dial('13800138000');
    let ringing: IncomingCall | undefined;
    dialer.on('callIn', (c) => {
      ringing = c;
    });
    fire('callIn', { sessionId: 'in-1', type: 'phone', timeout: 30, callerPhoneNumber: '13900000000' });
    dialer.destroy();
    dialer.destroy();
    await expect(call.ended).resolves.toMatchObject({ closeBy: 'seat', reason: 'destroyed' });
    await expect(ringing?.ended).resolves.toMatchObject({ reason: 'destroyed', answered: false });
    await settle();
    expect(calls.map((c) => c[0])).toEqual(['startOutboundCall', 'hungUp']);
    expect(listenerCount()).toBe(0);
    expect(destroyed()).toBe(1);
    expect(() => dialer.dial('13800138000')).toThrow(/destroyed/);
  });
});

describe('Dialer agent status', () => {
  it('rest carries its reason to the SDK as restReason; stopNotReady is TCCC’s way out of notReady', async () => {
    const { dialer, calls } = setup();
    await dialer.setAgentStatus('rest', { reason: 'lunch' });
    await dialer.setAgentStatus('rest');
    await dialer.setAgentStatus('stopNotReady');
    expect(calls).toEqual([
      ['setStatus', { status: 'rest', restReason: 'lunch' }],
      ['setStatus', { status: 'rest' }],
      ['setStatus', { status: 'stopNotReady' }],
    ]);
  });

  it('a reason with another status, or a status the agent cannot set, throws at once', () => {
    const { dialer, calls } = setup();
    expect(() => dialer.setAgentStatus('free' as 'rest', { reason: 'lunch' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => dialer.setAgentStatus('busy' as 'free')).toThrow(
      /status: free,rest,arrange,notReady,stopNotReady/,
    );
    expect(calls).toEqual([]);
  });

  it('agentStatus carries what statusChanged tells: the status, and the rest reason when it names one', () => {
    const { dialer, fire } = setup();
    const seen: unknown[] = [];
    dialer.on('agentStatus', (status, reason) => seen.push([status, reason]));
    fire('statusChanged', { status: 'rest', restReason: 'lunch' });
    fire('statusChanged', { data: { status: 'arrange' } });
    fire('statusChanged', { status: 42 });
    expect(seen).toEqual([
      ['rest', 'lunch'],
      ['arrange', undefined],
    ]);
    expect(dialer.agentStatus).toBe('arrange');
  });

  it('a refused status change rejects AGENT_STATUS_FAILED with the SDK’s words in reason', async () => {
    const { dialer, reply } = setup();
    reply('setStatus', async () => ({
      status: 'error',
      errorMsg: 'the agent status cannot change during a call',
    }));
    await expect(dialer.setAgentStatus('rest', { reason: 'lunch' })).rejects.toMatchObject({
      code: 'AGENT_STATUS_FAILED',
      reason: 'the agent status cannot change during a call',
    });
  });
});

describe('Dialer.dial by customer ID (number protection)', () => {
  it('hands TCCC the ID as phoneNumber; the call names the ID and never a number', async () => {
    const { dialer, calls, fire } = setup();
    const asked: unknown[] = [];
    const call = await dialer.dial({
      customerId: 'k7m2xq9d4t',
      uui: 'order-42',
      beforeDial: async (request) => {
        asked.push(request);
        return { allowed: true, uui: 'permit-7' };
      },
    });
    expect(asked).toEqual([{ customerId: 'k7m2xq9d4t', uui: 'order-42' }]);
    expect(calls[0]).toEqual(['startOutboundCall', { phoneNumber: 'k7m2xq9d4t', uui: 'permit-7' }]);
    // TCCC may name the callee in its events; a number there is not the agent's to see.
    fire('callOuted', { sessionId: 's1', calleePhoneNumber: '13800138000', protectedCallee: 'k7m2xq9d4t' });
    expect([call.customerId, call.number, call.display, call.state]).toEqual([
      'k7m2xq9d4t',
      undefined,
      'k7m2xq9d4t',
      'ringing',
    ]);
  });

  it('phoneDesc is what the call shows', async () => {
    const { dialer } = setup();
    const call = await dialer.dial({ customerId: 'C-1001', phoneDesc: 'Ms Li' });
    expect([call.display, call.customerId]).toEqual(['Ms Li', 'C-1001']);
  });

  it.each([
    ['13800138000', 'a phone number'],
    ['+8613800138000', 'an E.164 number'],
    ['138-0013-8000', 'a number with dashes'],
    ['k7', 'too short'],
    ['k'.repeat(65), 'too long'],
    ['k7m2 xq9d4t', 'a space'],
    ['k7m2xq9d4t?', 'a character outside [A-Za-z0-9_-]'],
  ])('%s (%s) throws CUSTOMER_ID_INVALID before the SDK is asked, without echoing it', (id) => {
    const { dialer, calls } = setup();
    let error: TcccDialerError | undefined;
    try {
      void dialer.dial({ customerId: id });
    } catch (e) {
      error = e as TcccDialerError;
    }
    expect(error).toMatchObject({ code: 'CUSTOMER_ID_INVALID', message: 'Invalid customer ID' });
    expect(calls).toEqual([]);
  });

  it.each(['abc', 'CUST_0001', 'a-b-c-1', `x${'1'.repeat(63)}`])(
    'accepts %s: other schemes of IDs (letters, digits, _ and -, 3 to 64 long) work too',
    async (id) => {
      const { dialer, calls } = setup();
      const call = await dialer.dial({ customerId: id });
      expect([calls[0]?.[1]?.phoneNumber, call.customerId]).toEqual([id, id]);
    },
  );

  it('a refused mapping rejects CALL_FAILED carrying the SDK’s message, so the app can show the rule', async () => {
    const { dialer } = setup(async () => ({
      status: 'error',
      errorMsg: 'UIDToPhone: outside calling hours',
    }));
    await expect(dialer.dial({ customerId: 'k7m2xq9d4t' })).rejects.toMatchObject({
      code: 'CALL_FAILED',
      reason: 'UIDToPhone: outside calling hours',
      message: 'The call failed: UIDToPhone: outside calling hours',
    });
  });

  it('a number dial shows the ID TCCC’s protection names (protectedCallee), and keeps the number it dialled', async () => {
    const { dialer, fire } = setup();
    const call = await dialer.dial('13800138000');
    fire('callOuted', { sessionId: 's1', protectedCallee: 'k7m2xq9d4t' });
    expect([call.display, call.number, call.customerId]).toEqual(['k7m2xq9d4t', '13800138000', 'k7m2xq9d4t']);
  });
});
