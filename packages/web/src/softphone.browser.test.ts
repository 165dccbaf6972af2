// The agent's day in Chromium against the emulator's SDK: inbound calls, transfer, agent status and
// dialling a customer ID (DESIGN.md flows 9 and 10).
import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { launchChromium } from '@tccc-dialer/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Call, Dialer, IncomingCall } from './index.js';
import { openPage, type PageError, type WebGlobal } from './test-support/browser-page.js';
import { type PageServer, startPageServer } from './test-support/page-server.js';
import { sdkUrlMinter } from './test-support/sdk-url.js';

const SEAT = 'agent@example.com';
let emulator: Emulator;
let server: PageServer;
let browser: Browser;
let page: Page;

/** The page's side: one loaded Dialer, the inbound calls it was offered, and small helpers. */
type Win = Window & {
  TcccWeb: WebGlobal;
  flat: (e: unknown) => PageError;
  dialer: Dialer;
  /** Resolves with the next inbound call offered (or one already waiting). */
  nextCallIn: () => Promise<IncomingCall>;
  /** Every state a call went through since it was made. */
  statesOf: (call: Call) => string[];
  /** Resolves once the call is connected. */
  connected: (call: Call) => Promise<void>;
};

/** A page of one seat with a loaded Dialer and the helpers above. */
async function openSeat(origin: string): Promise<Page> {
  const seatPage = await openPage(browser, origin);
  await seatPage.evaluate(async () => {
    const w = window as unknown as Win;
    w.dialer = await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url', ui: 'hidden' });
    const states = new WeakMap<Call, string[]>();
    const follow = (call: Call) => {
      const seen = [call.state as string];
      states.set(call, seen);
      call.on('state', (s) => seen.push(s));
    };
    const waiting: IncomingCall[] = [];
    const waiters: Array<(c: IncomingCall) => void> = [];
    w.dialer.on('call', follow);
    w.dialer.on('callIn', (call) => {
      follow(call);
      const waiter = waiters.shift();
      if (waiter) waiter(call);
      else waiting.push(call);
    });
    w.nextCallIn = () =>
      new Promise((resolve) => {
        const call = waiting.shift();
        if (call) resolve(call);
        else waiters.push(resolve);
      });
    w.statesOf = (call) => states.get(call) ?? [];
    w.connected = (call) =>
      new Promise((resolve) => {
        if (call.state === 'connected') resolve();
        call.on('state', (s) => s === 'connected' && resolve());
      });
  });
  return seatPage;
}

beforeAll(async () => {
  // A call nobody takes gives up in the queue after half a second (TCCC's is about a minute).
  emulator = await startEmulator({ port: 0, ringMs: 100, inboundTimeoutMs: 2000, queueTimeoutMs: 500 });
  server = await startPageServer(sdkUrlMinter(emulator, SEAT));
  browser = await launchChromium();
  page = await openSeat(server.origin);
});
afterEach(async () => {
  // Every test leaves the seat free, with no live call.
  await page.evaluate(async () => {
    const w = window as unknown as Win;
    const live = w.dialer.currentCall;
    if (live) await live.hangUp().then(() => live.ended);
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await emulator?.close();
});

const emulatorCall = (sessionId: string) => emulator.calls().find((c) => c.sessionId === sessionId);

describe('inbound calls in Chromium', () => {
  it('ring the page with what TCCC told; accept() connects, the controls reach TCCC, hangUp() ends it', async () => {
    const sessionId = emulator.inbound(SEAT, '13900000001');
    const seen = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const call = await w.nextCallIn();
      const offer = {
        sessionId: call.sessionId,
        direction: call.direction,
        state: call.state,
        number: call.number,
        display: call.display,
        info: call.info,
        current: w.dialer.currentCall === undefined ? 'none' : 'some',
      };
      await call.accept();
      const afterAccept = [call.state, w.dialer.currentCall === call];
      await call.mute();
      await call.sendDigits('2#');
      await call.hangUp();
      const end = await call.ended;
      return { offer, afterAccept, states: w.statesOf(call), end };
    });
    expect(seen).toMatchObject({
      offer: {
        sessionId,
        direction: 'inbound',
        state: 'ringing',
        number: '13900000001',
        display: '13900000001',
        info: { timeout: 2, calleePhoneNumber: '02160000000', ivrPath: [], serverType: 'staffSeat' },
        current: 'none',
      },
      afterAccept: ['connected', true],
      states: ['ringing', 'connected', 'ended'],
      end: { sessionId, closeBy: 'seat', answered: true },
    });
    const record = emulatorCall(sessionId);
    expect(record).toMatchObject({ direction: 'inbound', endStatus: 1, hungUpSide: 'seat' });
    expect(record?.operations.map((o) => o.name)).toEqual(['muteMic', 'sendDigits']);
  });

  it('reject() declines through Call.end: it ends here rejected, and with nobody else to take it the customer gives up (103)', async () => {
    const sessionId = emulator.inbound(SEAT, '13900000002');
    const end = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const call = await w.nextCallIn();
      await call.reject();
      return { end: await call.ended, states: w.statesOf(call) };
    });
    expect(end).toEqual({
      end: { sessionId, closeBy: 'seat', answered: false, reason: 'rejected' },
      states: ['ringing', 'ended'],
    });
    await expect.poll(() => emulatorCall(sessionId)?.endStatus).toBe(103);
    expect(emulatorCall(sessionId)?.acceptedAt).toBeUndefined();
  });

  it('unanswered, rings out after its timeout as missed, and accept() then rejects CALL_MISSED; TCCC ends it 103', async () => {
    const sessionId = emulator.inbound(SEAT, '13900000003');
    const result = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const call = await w.nextCallIn();
      const end = await call.ended;
      const late = await call.accept().then(
        () => 'accepted',
        (e: unknown) => w.flat(e),
      );
      return { end, late };
    });
    expect(result).toEqual({
      end: { sessionId, closeBy: 'timer', answered: false, reason: 'missed' },
      late: expect.objectContaining({ code: 'CALL_MISSED', zh: '来电已结束', remedy: 'Call back if needed' }),
    });
    await expect.poll(() => emulatorCall(sessionId)?.endStatus).toBe(103);
    expect(emulatorCall(sessionId)?.events.map((e) => e.name)).toContain('autoTransfer');
  });

  it('one that arrives during a live outbound call waits in TCCC’s queue and rings once that call ends', async () => {
    await page.evaluate(async () => {
      const w = window as unknown as Win;
      const call = await w.dialer.dial('13800138000');
      await w.connected(call);
    });
    const sessionId = emulator.inbound(SEAT, '13900000004');
    await page.evaluate(() => {
      const w = window as unknown as Win & { early?: Promise<{ call: IncomingCall; duringCall: boolean }> };
      w.early = w
        .nextCallIn()
        .then((call) => ({ call, duringCall: w.dialer.currentCall?.direction === 'outbound' }));
    });
    // TCCC holds it for the busy seat rather than offering it.
    await expect.poll(() => emulatorCall(sessionId)?.phase).toBe('queued');
    const result = await page.evaluate(async () => {
      const w = window as unknown as Win & { early: Promise<{ call: IncomingCall; duringCall: boolean }> };
      const live = w.dialer.currentCall as Call;
      await live.hangUp();
      await live.ended;
      const { call, duringCall } = await w.early;
      await call.accept();
      const state = call.state;
      await call.hangUp();
      return { offeredDuringCall: duringCall, state, end: await call.ended };
    });
    expect(result).toMatchObject({
      offeredDuringCall: false,
      state: 'connected',
      end: { sessionId, answered: true },
    });
  });
});

describe('transfer in Chromium', () => {
  it('to another seat: the second agent’s page rings and answers it, and the call ends here transferred', async () => {
    const second = await startPageServer(sdkUrlMinter(emulator, 'agent2@example.com'));
    const agent2 = await openSeat(second.origin);
    try {
      const offered = agent2.evaluate(async () => {
        const w = window as unknown as Win;
        const call = await w.nextCallIn();
        await call.accept();
        const state = call.state;
        await call.hangUp();
        return { state, direction: call.direction, end: await call.ended };
      });
      const end = await page.evaluate(async () => {
        const w = window as unknown as Win;
        const call = await w.dialer.dial('13800138000');
        await w.connected(call);
        await call.transfer({ userId: 'agent2@example.com' });
        return call.ended;
      });
      expect(end).toMatchObject({
        closeBy: 'seat',
        answered: true,
        reason: 'transferred',
        transferredTo: { userId: 'agent2@example.com' },
      });
      expect(await offered).toMatchObject({
        state: 'connected',
        direction: 'inbound',
        end: { sessionId: end.sessionId },
      });
      expect(emulatorCall(end.sessionId)?.operations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'transfer', detail: { userId: 'agent2@example.com' } }),
        ]),
      );
    } finally {
      await agent2.context().close();
      await second.close();
    }
  });

  it('refused by TCCC, rejects TRANSFER_FAILED with its words, and the call stays connected', async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const call = await w.dialer.dial('13800138000');
      await w.connected(call);
      const error = await call.transfer({ userId: 'nobody@example.com' }).then(
        () => undefined,
        (e: unknown) => ({ ...w.flat(e), reason: (e as { reason?: string }).reason }),
      );
      return { error, state: call.state };
    });
    expect(result).toEqual({
      error: expect.objectContaining({
        code: 'TRANSFER_FAILED',
        zh: '转接失败',
        reason: 'transfer target nobody@example.com is not another seat of this app',
      }),
      state: 'connected',
    });
  });
});

describe('agent status in Chromium', () => {
  it('rest with its reason reaches TCCC; statusChanged comes back as agentStatus; stopNotReady leaves notReady', async () => {
    const seen = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const events: string[] = [];
      const next = () =>
        new Promise<void>((resolve) => {
          const off = w.dialer.on('agentStatus', (status, reason) => {
            events.push(reason ? `${status}:${reason}` : status);
            off();
            resolve();
          });
        });
      for (const change of [
        () => w.dialer.setAgentStatus('rest', { reason: 'lunch' }),
        () => w.dialer.setAgentStatus('notReady'),
        () => w.dialer.setAgentStatus('stopNotReady'),
      ]) {
        const heard = next();
        await change();
        await heard;
      }
      return { events, now: w.dialer.agentStatus };
    });
    // The emulator's statusChanged carries no reason: nothing is made up for it.
    expect(seen).toEqual({ events: ['rest', 'notReady', 'free'], now: 'free' });
  });

  it('a statusChanged that names the rest reason carries it', async () => {
    await page.evaluate(() => {
      const w = window as unknown as Win & { heard?: Promise<string> };
      w.heard = new Promise((resolve) => {
        const off = w.dialer.on('agentStatus', (status, reason) => {
          off();
          resolve(`${status}:${reason}`);
        });
      });
    });
    expect(emulator.fireSdkEvent(SEAT, 'statusChanged', { status: 'rest', restReason: 'training' })).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { heard: Promise<string> }).heard)).toBe(
      'rest:training',
    );
    await page.evaluate(() => (window as unknown as Win).dialer.setAgentStatus('free'));
  });

  it('a change TCCC refuses during a call rejects AGENT_STATUS_FAILED with its words', async () => {
    const error = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const call = await w.dialer.dial('13800138000');
      await w.connected(call);
      return w.dialer.setAgentStatus('rest').then(
        () => undefined,
        (e: unknown) => ({ ...w.flat(e), reason: (e as { reason?: string }).reason }),
      );
    });
    expect(error).toMatchObject({
      code: 'AGENT_STATUS_FAILED',
      reason: 'the agent status cannot change during a call',
    });
  });
});

describe('dialling a customer ID in Chromium', () => {
  it('hands TCCC the ID; with no number mapping the emulator refuses it, and the rejection carries its words', async () => {
    const before = emulator.calls().length;
    const result = await page.evaluate(async () => {
      const w = window as unknown as Win;
      let shown = '';
      const off = w.dialer.on('call', (call) => {
        shown = `${call.display}|${call.number ?? 'no number'}`;
      });
      const error = await w.dialer.dial({ customerId: 'k7m2xq9d4t' }).then(
        () => undefined,
        (e: unknown) => ({ ...w.flat(e), reason: (e as { reason?: string }).reason }),
      );
      off();
      return { shown, error };
    });
    expect(result).toEqual({
      shown: 'k7m2xq9d4t|no number',
      error: expect.objectContaining({
        code: 'CALL_FAILED',
        reason: 'phoneNumber: phoneNumber must be a phone number',
      }),
    });
    expect(emulator.calls().length).toBe(before);
  });

  it('refuses an ID that could be a phone number before anything reaches TCCC', async () => {
    const code = await page.evaluate(() => {
      const w = window as unknown as Win;
      try {
        void w.dialer.dial({ customerId: '13800138000' });
        return 'no throw';
      } catch (e) {
        return w.flat(e).code;
      }
    });
    expect(code).toBe('CUSTOMER_ID_INVALID');
  });
});
