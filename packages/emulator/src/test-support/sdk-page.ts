// Browser SDK pages for the Chromium suites: an emulator, a page server on another origin (as an integrating
// app would be), and helpers that load the SdkURL and read what the SDK did. Test-only: not part of the build.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '@tccc-dialer/test-support';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../index.js';
import { call, commonClient } from './common-client.js';

export interface Logged {
  name: string;
  payload: Record<string, unknown>;
}
export type R = {
  status: string;
  errorMsg?: string;
  data?: Record<string, unknown> & { sessionId?: string };
};

export interface SdkWorld {
  emu: Emulator;
  browser: Browser;
  /** The integrating page's origin (`http://localhost:<port>`), not the emulator's. */
  origin: string;
  close(): Promise<void>;
}

export async function sdkWorld(options: EmulatorOptions): Promise<SdkWorld> {
  const emu = await startEmulator({ port: 0, ...options });
  const pageServer: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      '<!doctype html><title>sdk test</title><body><div id="tccc-box" style="width:800px;height:520px"></div></body>',
    );
  });
  await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', r));
  const origin = `http://localhost:${(pageServer.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    emu,
    browser,
    origin,
    async close() {
      await browser.close();
      await new Promise((r) => pageServer.close(r));
      await emu.close();
    },
  };
}

export async function mintSdkUrl(emu: Emulator, seat: string): Promise<string> {
  const r = await call(commonClient(emu), 'CreateSDKLoginToken', {
    SdkAppId: emu.config.sdkAppId,
    SeatUserId: seat,
  });
  return String(r.SdkURL);
}

/** Watches (does not replace) getUserMedia and AudioContext, so tests can see what the SDK opened. */
const INSTRUMENT = `
  window.__media = { streams: [], audio: [] };
  if (navigator.mediaDevices) {
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => { const s = await gum(c); window.__media.streams.push(s); return s; };
  }
  const AC = window.AudioContext;
  window.AudioContext = class extends AC { constructor(...a) { super(...a); window.__media.audio.push(this); } };
`;

/** A fresh browser context on the integrating page, loading the SDK from `sdkUrl` and logging every event. */
export async function openSdk(
  b: Browser,
  origin: string,
  sdkUrl: string,
  renderDomId?: string,
): Promise<Page> {
  const context = await b.newContext();
  await context.addInitScript(INSTRUMENT);
  const page = await context.newPage();
  await page.goto(origin);
  await page.evaluate(
    ([src, domId]) => {
      const w = window as unknown as { log: Logged[] };
      w.log = [];
      const s = document.createElement('script');
      s.crossOrigin = 'anonymous';
      if (domId) s.dataset.renderDomId = domId;
      s.src = src as string;
      s.onload = () => {
        const t = (
          window as unknown as { tccc: { on(n: string, h: (p: unknown) => void): void; events: object } }
        ).tccc;
        for (const name of Object.values(t.events) as string[])
          t.on(name, (p) => w.log.push({ name, payload: p as Record<string, unknown> }));
      };
      document.body.append(s);
    },
    [sdkUrl, renderDomId ?? ''],
  );
  return page;
}

export const CALL_EVENTS = [
  'callIn',
  'callOuted',
  'calloutAccepted',
  'userAccessed',
  'sessionEnded',
  'transfer',
  'autoTransfer',
];
export const log = (page: Page): Promise<Logged[]> =>
  page.evaluate(() => (window as unknown as { log: Logged[] }).log);
export const names = async (page: Page, only = CALL_EVENTS): Promise<string[]> =>
  (await log(page)).map((e) => e.name).filter((n) => only.includes(n));
export const payloadOf = async (page: Page, name: string): Promise<Record<string, unknown> | undefined> =>
  (await log(page)).find((e) => e.name === name)?.payload;
export const statusesSeen = async (page: Page): Promise<unknown[]> =>
  (await log(page)).filter((e) => e.name === 'statusChanged').map((e) => e.payload.status);
export const clearLog = (page: Page): Promise<void> =>
  page.evaluate(() => {
    (window as unknown as { log: Logged[] }).log = [];
  });
/** Runs `tccc.<path>(arg)` in the page. */
export const sdk = (page: Page, path: string, arg?: unknown): Promise<R> =>
  page.evaluate(
    ([p, a]) => {
      const [ns, fn] = (p as string).split('.') as [string, string];
      const t = (window as unknown as { tccc: Record<string, Record<string, (x: unknown) => unknown>> }).tccc;
      return Promise.resolve(t[ns]?.[fn]?.(a)) as Promise<R>;
    },
    [path, arg] as const,
  );
export const agentStatus = (page: Page): Promise<string> =>
  page.evaluate(() =>
    (window as unknown as { tccc: { Agent: { getStatus(): string } } }).tccc.Agent.getStatus(),
  );
export const ready = (page: Page) =>
  expect.poll(() => names(page, ['ready', 'tokenExpired'])).toEqual(['ready']);
/** The same wait outside a test (in `beforeAll`), where expect.poll is not available. */
export async function readyBeforeAll(page: Page): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await names(page, ['ready'])).length) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the SDK never fired ready');
}
export const mediaState = (page: Page) =>
  page.evaluate(() => {
    const m = (window as unknown as { __media: { streams: MediaStream[]; audio: AudioContext[] } }).__media;
    return {
      tracks: m.streams.flatMap((s) =>
        s.getTracks().map((t) => ({ enabled: t.enabled, state: t.readyState })),
      ),
      audio: m.audio.map((a) => a.state),
    };
  });

/** The call's TelCdrInfo, read with the official client. */
export async function cdrOf(emu: Emulator, sessionId: string): Promise<Record<string, unknown> | undefined> {
  const now = Math.floor(Date.now() / 1000);
  const r = await call(commonClient(emu), 'DescribeTelCdr', {
    SdkAppId: emu.config.sdkAppId,
    StartTimeStamp: now - 600,
    EndTimeStamp: now + 5,
    PageSize: 10,
    PageNumber: 0,
    SessionIds: [sessionId],
  });
  return (r.TelCdrList as Record<string, unknown>[] | undefined)?.[0];
}
