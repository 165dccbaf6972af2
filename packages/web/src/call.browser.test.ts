// Every callee outcome the emulator offers, through Dialer and Call in Chromium (DESIGN.md flow 5).
import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { launchChromium } from '@tccc-dialer/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, type PageError, type WebGlobal } from './test-support/browser-page.js';
import { type PageServer, startPageServer } from './test-support/page-server.js';
import { sdkUrlMinter } from './test-support/sdk-url.js';

let emulator: Emulator;
let server: PageServer;
let browser: Browser;
let page: Page;

type Win = Window & { TcccWeb: WebGlobal; flat: (e: unknown) => PageError };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, ringMs: 100, noAnswerMs: 300 });
  server = await startPageServer(sdkUrlMinter(emulator));
  browser = await launchChromium();
  page = await openPage(browser, server.origin);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await emulator?.close();
});

/** Dials in the page and returns every state the call went through and how it ended. */
function callOutcome(number: string, hangUpWhenConnected = false) {
  return page.evaluate(
    async ({ number, hangUpWhenConnected }) => {
      const w = window as unknown as Win;
      const dialer = await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url', ui: 'hidden' });
      const states: string[] = [];
      const off = dialer.on('call', (call) => {
        states.push(call.state);
        call.on('state', (s) => {
          states.push(s);
          if (s === 'connected' && hangUpWhenConnected) void call.hangUp();
        });
      });
      const call = await dialer.dial(number);
      const end = await call.ended;
      off();
      return {
        states,
        closeBy: end.closeBy,
        answered: end.answered,
        reason: end.reason ?? '',
        sid: Boolean(end.sessionId),
      };
    },
    { number, hangUpWhenConnected },
  );
}

describe('callee outcomes in Chromium', () => {
  it('13800138000 answers; the agent hangs up: dialing → ringing → connected → ended(seat)', async () => {
    expect(await callOutcome('13800138000', true)).toMatchObject({
      states: ['dialing', 'ringing', 'connected', 'ended'],
      closeBy: 'seat',
      answered: true,
      sid: true,
    });
  });

  it.each([
    ['13800138001', 'busy'],
    ['13800138002', 'no answer'],
    ['13800138003', 'power off'],
    ['13800138004', 'number does not exist'],
    ['13800138006', 'callee rejects'],
  ])('%s (%s): dialing → ringing → ended, never connected, with a reason', async (number) => {
    const outcome = await callOutcome(number);
    expect(outcome).toMatchObject({ states: ['dialing', 'ringing', 'ended'], answered: false, sid: true });
    expect(outcome.reason).not.toBe('');
    // Each outcome leaves the emulator's CDR with the status the SDK reported.
    expect(emulator.calls().at(-1)?.endStatus).not.toBe(1);
  });

  it('13800138011 answers, then the customer hangs up after 1 s: ended(client)', async () => {
    expect(await callOutcome('13800138011')).toMatchObject({
      states: ['dialing', 'ringing', 'connected', 'ended'],
      closeBy: 'client',
      answered: true,
    });
  });

  it('controls on a connected call reach the SDK; wrong-state use throws naming both states', async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const dialer = await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url' });
      const call = await dialer.dial('13800138000');
      let early = '';
      try {
        void call.hold();
      } catch (e) {
        early = w.flat(e).message;
      }
      await new Promise<void>((r) => {
        if (call.state === 'connected') r();
        call.on('state', (s) => s === 'connected' && r());
      });
      await call.mute();
      await call.hold();
      await call.sendDigits('1#');
      const flags = [call.muted, call.held];
      await call.hangUp();
      await call.ended;
      let late = '';
      try {
        void call.hangUp();
      } catch (e) {
        late = w.flat(e).message;
      }
      return { early, flags, late };
    });
    expect(result.early).toMatch(/hold\(\) needs connected, but the call is (dialing|ringing)/);
    expect(result.flags).toEqual([true, true]);
    expect(result.late).toMatch(/hangUp\(\) needs dialing, ringing or connected, but the call is ended/);
    // The flags flip only when the SDK answered success; the emulator saw the seat hang up.
    expect(emulator.calls().at(-1)?.hungUpSide).toBe('seat');
  });

  it('a beforeDial refusal rejects DIAL_REFUSED with the reason and no call reaches the emulator', async () => {
    const before = emulator.calls().length;
    const error = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const dialer = await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url' });
      return dialer
        .dial('13800138000', {
          beforeDial: async () => ({ allowed: false, reason: 'OUTSIDE_CALLING_HOURS' }),
        })
        .then(
          () => undefined,
          (e: unknown) => w.flat(e),
        );
    });
    expect(error).toMatchObject({
      code: 'DIAL_REFUSED',
      reason: 'OUTSIDE_CALLING_HOURS',
      zh: '现在不允许拨打此号码',
    });
    expect(emulator.calls().length).toBe(before);
  });
});
