// Inbound calls and transfer, through the Dialer and a scripted SDK (the state logic; the browser
// tests drive the same against the emulator).
import { describe, expect, it } from 'vitest';
import type { CallState, IncomingCall } from './call.js';
import { settle, setup } from './test-support/dialer-setup.js';

/** What the emulator's callIn carries (reference/tccc.md §1.8). */
const callIn = (extra: Record<string, unknown> = {}) => ({
  sessionId: 'in-1',
  type: 'phone',
  timeout: 30,
  calleePhoneNumber: '02160000000',
  callerPhoneNumber: '13900000000',
  callerLocation: '上海',
  remark: 'VIP',
  ivrPath: [{ key: '1', label: 'Sales' }],
  serverType: 'staffSeat',
  ...extra,
});

function ring(extra?: Record<string, unknown>, sdk = setup()) {
  const offered: IncomingCall[] = [];
  sdk.dialer.on('callIn', (c) => offered.push(c));
  sdk.fire('callIn', callIn(extra));
  const call = offered[0];
  if (!call) throw new Error('no call offered');
  const states: CallState[] = [call.state];
  call.on('state', (s) => states.push(s));
  return { ...sdk, call, offered, states };
}

describe('inbound calls', () => {
  it('are offered with what TCCC told, and accept() walks them ringing → connected → ended like an outbound call', async () => {
    const { dialer, call, calls, fire, states } = ring();
    expect(call).toMatchObject({
      direction: 'inbound',
      sessionId: 'in-1',
      number: '13900000000',
      display: '13900000000',
      state: 'ringing',
      info: {
        timeout: 30,
        calleePhoneNumber: '02160000000',
        callerLocation: '上海',
        remark: 'VIP',
        ivrPath: [{ key: '1', label: 'Sales' }],
        serverType: 'staffSeat',
      },
    });
    expect(dialer.currentCall).toBeUndefined();
    await call.accept();
    expect([call.state, dialer.currentCall]).toEqual(['connected', call]);
    fire('userAccessed', { sessionId: 'in-1' });
    await call.mute();
    await call.hold();
    await call.sendDigits('2#');
    fire('sessionEnded', { sessionId: 'in-1', closeBy: 'client' });
    await expect(call.ended).resolves.toMatchObject({ sessionId: 'in-1', closeBy: 'client', answered: true });
    expect(states).toEqual(['ringing', 'connected', 'ended']);
    expect(calls.map(([m, o]) => [m, o?.sessionId])).toEqual([
      ['accept', 'in-1'],
      ['muteMic', 'in-1'],
      ['hold', 'in-1'],
      ['sendDigits', 'in-1'],
    ]);
    await settle();
    expect(dialer.currentCall).toBeUndefined();
  });

  it('connect at userAccessed even before the SDK’s reply to accept() arrives', async () => {
    const { call, fire, reply } = ring();
    let answer: () => void = () => {};
    reply('accept', () => new Promise((r) => (answer = () => r({ status: 'success' }))));
    const accepting = call.accept();
    fire('userAccessed', { sessionId: 'in-1' });
    expect(call.state).toBe('connected');
    answer();
    await accepting;
  });

  it('are read under `data` too, only phone calls are offered, and a repeated callIn is not offered twice', () => {
    const sdk = setup();
    const offered: string[] = [];
    sdk.dialer.on('callIn', (c) => offered.push(c.sessionId));
    sdk.fire('callIn', { data: callIn({ sessionId: 'nested' }) });
    sdk.fire('callIn', callIn({ sessionId: 'chat', type: 'im' }));
    sdk.fire('callIn', callIn({ sessionId: 'video', type: 'video' }));
    sdk.fire('callIn', callIn({ sessionId: 'nested' }));
    sdk.fire('callIn', callIn({ sessionId: '' }));
    expect(offered).toEqual(['nested']);
  });

  it('ring out after `timeout` seconds as missed; accept() then rejects CALL_MISSED without asking the SDK', async () => {
    const { call, calls, clock, states } = ring({ timeout: 15 });
    clock.advance(14_999);
    expect(call.state).toBe('ringing');
    clock.advance(1);
    await expect(call.ended).resolves.toEqual({
      sessionId: 'in-1',
      closeBy: 'timer',
      answered: false,
      reason: 'missed',
    });
    await expect(call.accept()).rejects.toMatchObject({
      code: 'CALL_MISSED',
      messages: { 'zh-CN': '来电已结束', 'en-US': 'The incoming call ended' },
    });
    expect([states, calls]).toEqual([['ringing', 'ended'], []]);
  });

  it('end as missed on autoTransfer, or when the caller hangs up while it rings; timeout 0 never rings out', async () => {
    const moved = ring({ timeout: 0 });
    moved.clock.advance(3_600_000);
    expect(moved.call.state).toBe('ringing');
    moved.fire('autoTransfer', { sessionId: 'in-1' });
    moved.fire('sessionEnded', { sessionId: 'in-1', closeBy: 'timer' });
    await expect(moved.call.ended).resolves.toMatchObject({ closeBy: 'timer', reason: 'missed' });

    const gone = ring();
    gone.fire('sessionEnded', { sessionId: 'in-1', closeBy: 'client' });
    await expect(gone.call.ended).resolves.toMatchObject({ closeBy: 'client', reason: 'missed' });
    expect(gone.clock.pending).toBe(0);
  });

  it('once the agent answers TCCC decides: the local ring-out no longer ends the call', async () => {
    const { call, clock, reply } = ring({ timeout: 5 });
    let answer: () => void = () => {};
    reply('accept', () => new Promise((r) => (answer = () => r({ status: 'success' }))));
    const accepting = call.accept();
    clock.advance(10_000);
    expect(call.state).toBe('ringing');
    answer();
    await accepting;
    expect(call.state).toBe('connected');
  });

  it('while another call is live are offered but cannot be accepted until it ends', async () => {
    const sdk = setup();
    const outbound = await sdk.dialer.dial('13800138000');
    const { call } = ring({}, sdk);
    expect(() => call.accept()).toThrow(/accept\(\) needs no live call, but the current call is dialing/);
    expect(sdk.calls.map((c) => c[0])).toEqual(['startOutboundCall']);
    sdk.fire('sessionEnded', { sessionId: 's1', closeBy: 'seat' });
    await outbound.ended;
    await settle();
    await call.accept();
    expect(sdk.dialer.currentCall).toBe(call);
    // And the accepted call holds the slot against a dial.
    expect(() => sdk.dialer.dial('13800138001')).toThrow(/the current call is connected/);
  });

  it('reject() declines with Call.end and ends the call rejected; an older SDK without Call.end declines with hungUp', async () => {
    const { call, calls } = ring();
    await call.reject();
    await expect(call.ended).resolves.toMatchObject({ closeBy: 'seat', reason: 'rejected', answered: false });
    expect(calls).toEqual([['end', { sessionId: 'in-1' }]]);
    await call.reject(); // already ended: nothing left to decline

    const old = setup();
    delete old.tccc.Call.end;
    const legacy = ring({}, old);
    await legacy.call.reject();
    expect(legacy.calls).toEqual([['hungUp', { sessionId: 'in-1' }]]);
  });

  it('reject() ends the call rejected even when TCCC’s sessionEnded arrives before Call.end answers', async () => {
    const { call, reply, fire } = ring();
    reply('end', async () => {
      fire('sessionEnded', { sessionId: 'in-1', closeBy: 'seat' });
      return { status: 'success' };
    });
    await call.reject();
    await expect(call.ended).resolves.toMatchObject({ closeBy: 'seat', reason: 'rejected', answered: false });
  });

  it('a refused accept() rejects with its code, keeps the call ringing and frees the slot for a retry or a dial', async () => {
    const { call, dialer, reply } = ring();
    reply('accept', async () => ({
      status: 'error',
      errorMsg: 'Microphone permission denied (NotAllowedError)',
    }));
    await expect(call.accept()).rejects.toMatchObject({ code: 'MIC_PERMISSION_DENIED' });
    expect([call.state, dialer.currentCall]).toEqual(['ringing', undefined]);
    reply('accept', async () => ({ status: 'success' }));
    await call.accept();
    expect(call.state).toBe('connected');
  });

  it('misuse throws at once: accept() twice, reject() once connected, accept() on an outbound call', async () => {
    const { call } = ring();
    await call.accept();
    expect(() => call.accept()).toThrow(
      /accept\(\) needs an inbound call ringing, but the call is connected/,
    );
    expect(() => call.reject()).toThrow(/reject\(\) needs ringing, but the call is connected/);
    await call.hangUp();
    const { dialer: other } = setup();
    const outbound = (await other.dial('13800138000')) as unknown as IncomingCall;
    expect(() => outbound.accept()).toThrow(/accept\(\) needs an inbound call ringing/);
  });

  it('under number protection name the caller by ID: no number, the ID shown', () => {
    const { call } = ring({ protectedCaller: 'k7m2xq9d4t', callerPhoneNumber: '13900000000' });
    expect([call.number, call.customerId, call.display]).toEqual([undefined, 'k7m2xq9d4t', 'k7m2xq9d4t']);
    expect(call.info).not.toHaveProperty('callerPhoneNumber');
  });

  it('answered in the SDK’s own UI (userAccessed without accept()), connect and become the current call', async () => {
    const { call, dialer, fire, calls, clock } = ring({ timeout: 5 });
    fire('userAccessed', { sessionId: 'in-1' });
    expect([call.state, dialer.currentCall, calls]).toEqual(['connected', call, []]);
    clock.advance(10_000);
    expect(call.state).toBe('connected');
    expect(() => dialer.dial('13800138000')).toThrow(/the current call is connected/);
  });

  it('userAccessed connects an inbound call, never an outbound one (that is the agent’s own leg)', async () => {
    const { dialer, fire } = setup();
    const call = await dialer.dial('13800138000');
    fire('callOuted', { sessionId: 's1' });
    fire('userAccessed', { sessionId: 's1' });
    expect(call.state).toBe('ringing');
    fire('calloutAccepted', { sessionId: 's1' });
    expect(call.state).toBe('connected');
  });
});

describe('transfer', () => {
  async function connected() {
    const sdk = setup();
    const call = await sdk.dialer.dial('13800138000');
    sdk.fire('calloutAccepted', { sessionId: 's1' });
    return { ...sdk, call };
  }

  it('asks the SDK with exactly the target; the call ends transferred when the transfer event comes first', async () => {
    const { call, calls, fire } = await connected();
    await call.transfer({ userId: 'agent2@example.com' });
    expect(calls.at(-1)).toEqual(['transfer', { sessionId: 's1', userId: 'agent2@example.com' }]);
    expect(call.state).toBe('connected');
    fire('transfer', { sessionId: 's1', userId: 'agent2@example.com' });
    fire('sessionEnded', { sessionId: 's1', closeBy: 'seat' });
    await expect(call.ended).resolves.toMatchObject({
      closeBy: 'seat',
      answered: true,
      reason: 'transferred',
      transferredTo: { userId: 'agent2@example.com' },
    });
  });

  it('ends transferred too when TCCC ends the leg before its transfer event', async () => {
    const { call, fire } = await connected();
    await call.transfer({ skillGroupId: '7' });
    fire('sessionEnded', { sessionId: 's1', closeBy: 'seat' });
    fire('transfer', { sessionId: 's1', skillGroupId: '7' });
    await expect(call.ended).resolves.toMatchObject({
      reason: 'transferred',
      transferredTo: { skillGroupId: '7' },
    });
  });

  it('ends transferred when TCCC ends the leg before Call.transfer answers', async () => {
    const { call, reply, fire } = await connected();
    reply('transfer', async () => {
      fire('sessionEnded', { sessionId: 's1', closeBy: 'seat' });
      return { status: 'success' };
    });
    await call.transfer({ userId: 'agent2@example.com' });
    await expect(call.ended).resolves.toMatchObject({
      reason: 'transferred',
      transferredTo: { userId: 'agent2@example.com' },
    });
  });

  it('a refusal rejects TRANSFER_FAILED with the SDK’s words, and the call stays connected', async () => {
    const { call, reply, fire } = await connected();
    reply('transfer', async () => ({ status: 'error', errorMsg: 'agent2@example.com is offline' }));
    await expect(call.transfer({ userId: 'agent2@example.com' })).rejects.toMatchObject({
      code: 'TRANSFER_FAILED',
      reason: 'agent2@example.com is offline',
      remedies: { 'en-US': 'Check the target can take it, then retry' },
    });
    expect(call.state).toBe('connected');
    fire('sessionEnded', { sessionId: 's1', closeBy: 'client' });
    await expect(call.ended).resolves.not.toHaveProperty('transferredTo');
  });

  it('a transfer event the agent did not ask for (e.g. on the receiving side) does not end the call', async () => {
    const { call, fire } = await connected();
    fire('transfer', { sessionId: 's1', userId: 'agent@example.com' });
    expect(call.state).toBe('connected');
  });

  it('misuse throws at once: neither or both targets, or before the call is connected', async () => {
    const { dialer, calls } = setup();
    const call = await dialer.dial('13800138000');
    expect(() => call.transfer({ userId: 'a' })).toThrow(
      /transfer\(\) needs connected, but the call is dialing/,
    );
    for (const bad of [{}, { userId: '' }, { userId: 'a', skillGroupId: '7' }])
      expect(() => call.transfer(bad as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    expect(calls.map((c) => c[0])).toEqual(['startOutboundCall']);
  });
});
