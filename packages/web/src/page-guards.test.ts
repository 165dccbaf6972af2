import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncomingCall } from './call.js';
import type { TcccDialerError } from './errors.js';
import { checkRenderTarget, guardPage, guardUnload, watchOtherTabs } from './page-guards.js';
import { settle, setup } from './test-support/dialer-setup.js';

describe('guardUnload', () => {
  it('asks to confirm leaving while on, and not after removal', () => {
    const page = new EventTarget();
    const off = guardUnload(page);
    const first = new Event('beforeunload', { cancelable: true });
    page.dispatchEvent(first);
    off();
    const second = new Event('beforeunload', { cancelable: true });
    page.dispatchEvent(second);
    expect([first.defaultPrevented, second.defaultPrevented]).toEqual([true, false]);
  });
});

describe('watchOtherTabs', () => {
  const closers: Array<() => void> = [];
  afterEach(() => {
    for (const c of closers.splice(0)) c();
  });

  it('both tabs learn of each other over BroadcastChannel', async () => {
    let first = 0;
    let second = 0;
    closers.push(watchOtherTabs(BroadcastChannel, () => first++));
    await settle();
    expect(first).toBe(0);
    closers.push(watchOtherTabs(BroadcastChannel, () => second++));
    await vi.waitFor(() => expect([first > 0, second > 0]).toEqual([true, true]));
  });

  it('does nothing where BroadcastChannel is missing', () => {
    expect(() => watchOtherTabs(undefined, () => {})()).not.toThrow();
  });
});

describe('guardPage', () => {
  function page() {
    const win = new EventTarget();
    const leaving = () => {
      const e = new Event('beforeunload', { cancelable: true });
      win.dispatchEvent(e);
      return e.defaultPrevented;
    };
    return { win, leaving };
  }

  it('asks before leaving only while a dialled call is live', async () => {
    const { dialer, fire } = setup();
    const { win, leaving } = page();
    guardPage(dialer, { window: win });
    expect(leaving()).toBe(false);
    await dialer.dial('13800138000');
    expect(leaving()).toBe(true);
    fire('sessionEnded', { sessionId: 's1', closeBy: 'seat' });
    await settle();
    expect(leaving()).toBe(false);
  });

  it('guards an inbound call once connected, not while it only rings', async () => {
    const { dialer, fire } = setup();
    const { win, leaving } = page();
    guardPage(dialer, { window: win });
    const offered: IncomingCall[] = [];
    dialer.on('callIn', (c) => offered.push(c));
    fire('callIn', { sessionId: 'in-1', type: 'phone', timeout: 30 });
    expect(leaving()).toBe(false);
    await offered[0]?.accept();
    expect(leaving()).toBe(true);
    fire('sessionEnded', { sessionId: 'in-1', closeBy: 'client' });
    await settle();
    expect(leaving()).toBe(false);
  });

  it('guards a call already live when it starts, and nothing after its stop', async () => {
    const { dialer } = setup();
    const { win, leaving } = page();
    await dialer.dial('13800138000');
    const stop = guardPage(dialer, { window: win });
    expect(leaving()).toBe(true);
    stop();
    const second = page();
    guardPage(dialer, { window: second.win })();
    await dialer.currentCall?.hangUp();
    expect(second.leaving()).toBe(false);
  });

  it('warns ANOTHER_TAB_ACTIVE, with its texts, when another tab holds the softphone', async () => {
    const warnings: TcccDialerError[] = [];
    const stops = [
      guardPage(setup().dialer, { window: Object.assign(new EventTarget(), { BroadcastChannel }) }),
      guardPage(setup().dialer, {
        window: Object.assign(new EventTarget(), { BroadcastChannel }),
        onWarning: (w) => warnings.push(w),
      }),
    ];
    await vi.waitFor(() => expect(warnings.length).toBeGreaterThan(0));
    for (const stop of stops) stop();
    expect(warnings[0]).toMatchObject({
      code: 'ANOTHER_TAB_ACTIVE',
      messages: { 'zh-CN': '其他标签页已打开软电话' },
      remedies: { 'en-US': 'Keep only one tab' },
    });
  });
});

describe('checkRenderTarget', () => {
  const box = (width: number, height: number) => ({
    getBoundingClientRect: () => ({ width, height }) as DOMRect,
  });

  it('warns RENDER_TARGET_TOO_SMALL with the size under 760×480, and passes one that fits', () => {
    expect(checkRenderTarget(box(300, 200.4))).toMatchObject({
      code: 'RENDER_TARGET_TOO_SMALL',
      message: 'Container under 760×480: 300×200',
    });
    expect(checkRenderTarget(box(760, 479))?.code).toBe('RENDER_TARGET_TOO_SMALL');
    expect(checkRenderTarget(box(800, 520))).toBeUndefined();
  });
});
