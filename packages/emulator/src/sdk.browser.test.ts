// The browser SDK in Chromium, loaded from an SdkURL minted with the official client: every callee
// outcome's event sequence and CDR, mute/hold/DTMF, media clean-up, tokens, the built-in UI, inbound
// calls and a denied microphone.
import { launchChromiumDenyingMicrophone } from '@tccc-dialer/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from './index.js';
import { call, commonClient } from './test-support/common-client.js';
import {
  clearLog,
  log,
  mediaState,
  mintSdkUrl as mint,
  names,
  openSdk as open,
  cdrOf as readCdr,
  ready,
  type SdkWorld,
  sdk,
  sdkWorld,
} from './test-support/sdk-page.js';

const seats = ['outcomes', 'controls', 'tokens', 'ui', 'embed', 'denied', 'inbound', 'status', 'peer'].map(
  (n) => ({
    userId: `${n}@example.com`,
    name: n,
    role: 'agent' as const,
  }),
);

let world: SdkWorld;
let emu: Emulator;
let skewMs = 0;
let browser: Browser;

const mintSdkUrl = (seat: string): Promise<string> => mint(emu, seat);
const openSdk = (b: Browser, sdkUrl: string, renderDomId?: string): Promise<Page> =>
  open(b, world.origin, sdkUrl, renderDomId);
const cdrOf = (sessionId: string) => readCdr(emu, sessionId);

beforeAll(async () => {
  world = await sdkWorld({
    ringMs: 100,
    noAnswerMs: 400,
    afterCallWorkMs: 150,
    config: { seats },
    now: () => Date.now() + skewMs,
  });
  emu = world.emu;
  browser = world.browser;
});
afterAll(() => world?.close());

describe('each callee outcome: SDK events and the CDR agree', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openSdk(browser, await mintSdkUrl('outcomes@example.com'));
    // expect.poll only works inside a test: wait for ready by hand here.
    for (let i = 0; i < 100 && !(await names(page, ['ready'])).length; i++)
      await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(() => page.context().close());

  it.each([
    [
      '13800138000',
      'answers (the seat hangs up)',
      ['callOuted', 'calloutAccepted', 'sessionEnded'],
      'seat',
      1,
      'ok',
      'seat',
    ],
    ['13800138001', 'is busy', ['callOuted', 'sessionEnded'], 'admin', 206, 'busy', 'system'],
    ['13800138002', 'does not answer', ['callOuted', 'sessionEnded'], 'timer', 202, 'notAnswer', 'system'],
    ['13800138003', 'is powered off', ['callOuted', 'sessionEnded'], 'admin', 204, 'powerOff', 'system'],
    [
      '13800138004',
      'does not exist',
      ['callOuted', 'sessionEnded'],
      'admin',
      205,
      'numberNotExist',
      'system',
    ],
    ['13800138006', 'rejects', ['callOuted', 'sessionEnded'], 'admin', 203, 'userReject', 'system'],
    [
      '13800138011',
      'hangs up after 1 s',
      ['callOuted', 'calloutAccepted', 'sessionEnded'],
      'client',
      1,
      'ok',
      'user',
    ],
  ])('%s %s', async (number, _what, sequence, closeBy, endStatus, endStatusString, hungUpSide) => {
    await clearLog(page);
    const uui = `order-${number}`;
    const res = await sdk(page, 'Call.startOutboundCall', {
      phoneNumber: `+86${number}`,
      uui,
      phoneDesc: 'Customer',
    });
    expect(res.status).toBe('success');
    const sessionId = String(res.data?.sessionId);
    expect(res.data).toMatchObject({ calleePhoneNumber: number, callerPhoneNumber: '02160000000' });
    if (sequence.includes('calloutAccepted')) {
      await expect.poll(() => names(page)).toEqual(['callOuted', 'calloutAccepted']);
      if (closeBy === 'seat') expect((await sdk(page, 'Call.hungUp', { sessionId })).status).toBe('success');
    }
    await expect.poll(() => names(page), { timeout: 5000 }).toEqual(sequence);
    const events = await log(page);
    expect(events.find((e) => e.name === 'callOuted')?.payload).toMatchObject({
      sessionId,
      calleePhoneNumber: number,
      remark: 'Customer',
    });
    expect(events.find((e) => e.name === 'sessionEnded')?.payload).toMatchObject({ sessionId, closeBy });
    // busy during the call, then after-call work (afterCallWorkMs) before free again.
    await expect
      .poll(async () =>
        (await log(page)).filter((e) => e.name === 'statusChanged').map((e) => e.payload.status),
      )
      .toEqual(['busy', 'arrange', 'free']);

    const cdr = await cdrOf(sessionId);
    expect(cdr).toMatchObject({
      Callee: `0086${number}`,
      Caller: '00862160000000',
      EndStatus: endStatus,
      EndStatusString: endStatusString,
      HungUpSide: hungUpSide,
      UUI: uui,
      Remark: 'Customer',
    });
    expect(Boolean(cdr?.RecordURL)).toBe(endStatus === 1);
  });
});

describe('controls during a call', () => {
  it('mutes, holds and sends DTMF on the live microphone, then releases it and the ringback', async () => {
    const page = await openSdk(browser, await mintSdkUrl('controls@example.com'));
    await ready(page);
    expect((await sdk(page, 'Call.muteMic', {})).status).toBe('error'); // nothing to mute yet
    const { data } = await sdk(page, 'Call.startOutboundCall', { phoneNumber: '13800138000' });
    const sessionId = String(data?.sessionId);
    await expect.poll(() => names(page)).toEqual(['callOuted', 'calloutAccepted']);
    expect((await mediaState(page)).tracks).toEqual([{ enabled: true, state: 'live' }]);

    expect((await sdk(page, 'Call.muteMic', { sessionId })).status).toBe('success');
    expect((await mediaState(page)).tracks[0]?.enabled).toBe(false);
    expect((await sdk(page, 'Call.isMicMuted', { sessionId })).data).toBe(true);
    await sdk(page, 'Call.unmuteMic', { sessionId });
    expect((await mediaState(page)).tracks[0]?.enabled).toBe(true);
    await sdk(page, 'Call.hold', { sessionId });
    expect((await mediaState(page)).tracks[0]?.enabled).toBe(false);
    await sdk(page, 'Call.unHold', { sessionId });
    expect((await mediaState(page)).tracks[0]?.enabled).toBe(true);
    expect((await sdk(page, 'Call.sendDigits', { sessionId, dtmfText: '123#' })).status).toBe('success');
    const bad = await sdk(page, 'Call.sendDigits', { sessionId, dtmfText: 'abc' });
    expect(bad).toMatchObject({ status: 'error', errorMsg: expect.stringContaining('dtmfText') });

    await sdk(page, 'Call.hungUp', { sessionId });
    await expect.poll(() => names(page)).toEqual(['callOuted', 'calloutAccepted', 'sessionEnded']);
    const after = await mediaState(page);
    expect(after.tracks).toEqual([{ enabled: true, state: 'ended' }]);
    expect(after.audio.length).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => (await mediaState(page)).audio.every((s) => s === 'closed')).toBe(true);

    const ops = emu.calls().find((c) => c.sessionId === sessionId)?.operations ?? [];
    expect(ops.map((o) => o.name)).toEqual(['muteMic', 'unmuteMic', 'hold', 'unHold', 'sendDigits']);
    expect(ops[4]?.detail).toEqual({ dtmfText: '123#' });
    const now = Math.floor(Date.now() / 1000);
    const detail = await call(commonClient(emu), 'DescribeSessionDetail', {
      SdkAppId: emu.config.sdkAppId,
      SessionId: sessionId,
      StartTimestamp: now - 60,
      EndTimestamp: now + 5,
    });
    expect((detail.Events as { Type: string }[]).map((e) => e.Type)).toEqual([
      'StaffMute',
      'StaffUnmute',
      'StaffHold',
      'StaffUnhold',
    ]);
    await page.context().close();
  });

  it('rings the seat for an inbound call, connects on accept, and ends when the customer hangs up', async () => {
    const page = await openSdk(browser, await mintSdkUrl('inbound@example.com'));
    await ready(page);
    const sessionId = emu.inbound('inbound@example.com', '+8613912345678');
    await expect.poll(() => names(page)).toEqual(['callIn']);
    expect((await log(page)).find((e) => e.name === 'callIn')?.payload).toMatchObject({
      sessionId,
      type: 'phone',
      callerPhoneNumber: '13912345678',
      timeout: 30,
      serverType: 'staffSeat',
    });
    // Answered from the built-in workbench, as an agent would.
    await sdk(page, 'UI.showWorkbench');
    const answer = page.locator('#tcccSdkWorkbench').getByRole('button', { name: 'Answer' });
    await answer.click();
    await expect.poll(() => names(page)).toEqual(['callIn', 'userAccessed']);
    expect(await answer.isVisible()).toBe(false);
    const hangup = await fetch(`http://127.0.0.1:${emu.port}/_emulator/calls/${sessionId}/hangup`, {
      method: 'POST',
    });
    expect(await hangup.json()).toEqual({ ended: true });
    await expect.poll(() => names(page)).toEqual(['callIn', 'userAccessed', 'sessionEnded']);
    expect((await log(page)).find((e) => e.name === 'sessionEnded')?.payload).toMatchObject({
      closeBy: 'client',
    });
    expect((await mediaState(page)).tracks.map((t) => t.state)).toEqual(['ended']);
    // The ringtone played while it rang and is closed now.
    expect((await mediaState(page)).audio.length).toBe(1);
    await expect.poll(async () => (await mediaState(page)).audio).toEqual(['closed']);
    expect(await cdrOf(sessionId)).toMatchObject({
      Direction: 0,
      Caller: '008613912345678',
      HungUpSide: 'user',
    });
    await page.context().close();
  });
});

describe('agent, devices and transfer', () => {
  it('follows the status model, lists devices, and transfers a connected call to another seat', async () => {
    const page = await openSdk(browser, await mintSdkUrl('status@example.com'));
    await ready(page);
    const status = () =>
      page.evaluate(() =>
        (window as unknown as { tccc: { Agent: { getStatus(): string } } }).tccc.Agent.getStatus(),
      );
    expect(await status()).toBe('free');
    expect((await sdk(page, 'Agent.setStatus', { status: 'rest', restReason: 'lunch' })).status).toBe(
      'success',
    );
    expect(await status()).toBe('rest');
    expect((await sdk(page, 'Agent.setStatus', { status: 'sleeping' })).status).toBe('error');
    await sdk(page, 'Agent.setStatus', { status: 'stopNotReady' });
    expect(await status()).toBe('free');
    await expect
      .poll(async () =>
        (await log(page)).filter((e) => e.name === 'statusChanged').map((e) => e.payload.status),
      )
      .toEqual(['rest', 'free']);

    expect(
      await page.evaluate(() =>
        (
          window as unknown as { tccc: { Devices: { isBrowserSupported(): boolean } } }
        ).tccc.Devices.isBrowserSupported(),
      ),
    ).toBe(true);
    const mics = await page.evaluate(async () =>
      (
        await (
          window as unknown as { tccc: { Devices: { getMicrophones(): Promise<MediaDeviceInfo[]> } } }
        ).tccc.Devices.getMicrophones()
      ).map((d) => d.kind),
    );
    expect(mics.length).toBeGreaterThanOrEqual(1);
    expect(new Set(mics)).toEqual(new Set(['audioinput']));
    expect((await sdk(page, 'Chat.accept', {})).errorMsg).toMatch(/not emulated/);
    for (const method of ['Call.invite', 'Call.reconnect'])
      expect((await sdk(page, method, { sessionId: 'x' })).errorMsg).toMatch(/not emulated/);

    const { data } = await sdk(page, 'Call.startOutboundCall', { phoneNumber: '13800138000' });
    const sessionId = String(data?.sessionId);
    await expect.poll(() => names(page)).toEqual(['callOuted', 'calloutAccepted']);
    expect(await status()).toBe('busy');
    expect((await sdk(page, 'Agent.setStatus', { status: 'rest' })).errorMsg).toMatch(/during a call/);
    expect((await sdk(page, 'Call.transfer', { sessionId, userId: 'nobody@example.com' })).status).toBe(
      'error',
    );
    // TCCC can only hand the call to a seat that is signed in and free: the target's SDK is open.
    const peer = await openSdk(browser, await mintSdkUrl('peer@example.com'));
    await ready(peer);
    expect((await sdk(page, 'Call.transfer', { sessionId, userId: 'peer@example.com' })).status).toBe(
      'success',
    );
    await expect
      .poll(() => names(page))
      .toEqual(['callOuted', 'calloutAccepted', 'transfer', 'sessionEnded']);
    expect((await log(page)).find((e) => e.name === 'transfer')?.payload).toEqual({
      sessionId,
      userId: 'peer@example.com',
    });
    await expect.poll(() => names(peer)).toEqual(['callIn']);
    expect(emu.hangUpAsCustomer(sessionId)).toBe(true);
    await page.context().close();
    await peer.context().close();
  });
});

describe('tokens', () => {
  it('fires tokenExpired, never ready, when an SdkURL is used a second time', async () => {
    const url = await mintSdkUrl('tokens@example.com');
    const first = await openSdk(browser, url);
    await ready(first);
    const second = await openSdk(browser, url);
    await expect.poll(() => names(second, ['ready', 'tokenExpired'])).toEqual(['tokenExpired']);
    expect((await log(second))[0]?.payload.message).toMatch(/already been used/);
    await new Promise((r) => setTimeout(r, 300));
    expect(await names(second, ['ready', 'tokenExpired'])).toEqual(['tokenExpired']);
    await first.context().close();
    await second.context().close();
  });

  it('fires tokenExpired in a loaded SDK on demand through the control API', async () => {
    const page = await openSdk(browser, await mintSdkUrl('tokens@example.com'));
    await ready(page);
    const res = await fetch(`http://127.0.0.1:${emu.port}/_emulator/sdk-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        seatUserId: 'tokens@example.com',
        name: 'tokenExpired',
        payload: { message: 'forced' },
      }),
    });
    expect(await res.json()).toEqual({ delivered: 1 });
    await expect.poll(() => names(page, ['ready', 'tokenExpired'])).toEqual(['ready', 'tokenExpired']);
    await page.context().close();
  });

  it('fires tokenExpired for an SdkURL older than 10 minutes', async () => {
    const url = await mintSdkUrl('tokens@example.com');
    skewMs = 601_000;
    try {
      const page = await openSdk(browser, url);
      await expect.poll(() => names(page, ['ready', 'tokenExpired'])).toEqual(['tokenExpired']);
      expect((await log(page))[0]?.payload.message).toMatch(/expired/);
      await page.context().close();
    } finally {
      skewMs = 0;
    }
  });
});

describe('built-in UI', () => {
  it('floats a button that opens the workbench; tccc.UI hides and shows each part', async () => {
    const page = await openSdk(browser, await mintSdkUrl('ui@example.com'));
    await ready(page);
    const button = page.locator('#tcccSdkFloatButton');
    const workbench = page.locator('#tcccSdkWorkbench');
    expect([await button.isVisible(), await workbench.isVisible()]).toEqual([true, false]);
    await button.click();
    expect(await workbench.isVisible()).toBe(true);
    await sdk(page, 'UI.hide');
    expect([await button.isVisible(), await workbench.isVisible()]).toEqual([false, false]);
    await sdk(page, 'UI.show');
    expect([await button.isVisible(), await workbench.isVisible()]).toEqual([true, true]);
    await sdk(page, 'UI.hidefloatButton');
    await sdk(page, 'UI.hideWorkbench');
    expect([await button.isVisible(), await workbench.isVisible()]).toEqual([false, false]);
    await sdk(page, 'UI.showfloatButton');
    await sdk(page, 'UI.showWorkbench');
    expect([await button.isVisible(), await workbench.isVisible()]).toEqual([true, true]);

    // The workbench dials too.
    await workbench.getByLabel('Phone number').fill('13800138000');
    await workbench.getByRole('button', { name: 'Call' }).click();
    await expect
      .poll(() => workbench.locator('[data-role=call-state]').getAttribute('data-state'))
      .toBe('connected');
    await workbench.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => names(page)).toEqual(['callOuted', 'calloutAccepted', 'sessionEnded']);
    await page.context().close();
  });

  it('renders the workbench inside the data-render-dom-id element, at least 760×480, with no floating button', async () => {
    const page = await openSdk(browser, await mintSdkUrl('embed@example.com'), 'tccc-box');
    await ready(page);
    const workbench = page.locator('#tccc-box #tcccSdkWorkbench');
    expect(await workbench.isVisible()).toBe(true);
    const box = await workbench.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(760);
    expect(box?.height).toBeGreaterThanOrEqual(480);
    expect(await page.locator('#tcccSdkFloatButton').count()).toBe(0);
    await sdk(page, 'UI.hideWorkbench');
    expect(await workbench.isVisible()).toBe(false);
    await sdk(page, 'UI.showWorkbench');
    expect(await workbench.isVisible()).toBe(true);
    await page.context().close();
  });
});

describe('microphone denied', () => {
  it('fails startOutboundCall with a clear errorMsg and places no call', async () => {
    const denying = await launchChromiumDenyingMicrophone();
    try {
      const page = await openSdk(denying, await mintSdkUrl('denied@example.com'));
      await ready(page);
      const res = await sdk(page, 'Call.startOutboundCall', { phoneNumber: '13800138000' });
      expect(res.status).toBe('error');
      expect(res.errorMsg).toMatch(/Microphone permission denied \(NotAllowedError\)/);
      expect(emu.calls().filter((c) => c.seatUserId === 'denied@example.com')).toEqual([]);
      expect(await names(page)).toEqual([]);
    } finally {
      await denying.close();
    }
  });
});
