import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../test/support/chromium.js';
import { type Emulator, startEmulator } from './index.js';

let emu: Emulator;
let browser: Browser;
let pageServer: Server;
let pageOrigin: string;

// SdkURLs are minted the way the server does it: a signed CreateSDKLoginToken with the official client.
async function mintSdkUrl(): Promise<string> {
  const { createRequire } = await import('node:module');
  const { dirname, join } = await import('node:path');
  const Module = (await import('node:module')).default as unknown as {
    _resolveFilename: (req: string, ...rest: unknown[]) => string;
  };
  const require = createRequire(import.meta.url);
  const bignumberCjs = join(
    dirname(createRequire(require.resolve('json-bigint')).resolve('bignumber.js/package.json')),
    'bignumber.js',
  );
  const original = Module._resolveFilename;
  // See emulator.test.ts: keeps json-bigint on bignumber.js's CommonJS build under Vitest.
  Module._resolveFilename = (req, ...rest) =>
    req === 'bignumber.js' ? bignumberCjs : original(req, ...rest);
  const { CommonClient } =
    require('tencentcloud-sdk-nodejs-common') as typeof import('tencentcloud-sdk-nodejs-common');
  const { Agent } = await import('node:http');
  const agent = new Agent({
    lookup: (_h, opts, cb) => {
      if ((opts as { all?: boolean }).all)
        (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
          { address: '127.0.0.1', family: 4 },
        ]);
      else cb(null, '127.0.0.1', 4);
    },
  });
  const client = new CommonClient(emu.apiEndpoint, '2020-02-10', {
    credential: { secretId: emu.config.secretId, secretKey: emu.config.secretKey },
    region: '',
    profile: { httpProfile: { endpoint: emu.apiEndpoint, protocol: 'http://', agent, reqTimeout: 5 } },
  });
  const r = (await client.request('CreateSDKLoginToken', {
    SdkAppId: emu.config.sdkAppId,
    SeatUserId: 'agent@example.com',
  })) as { SdkURL: string };
  return r.SdkURL;
}

async function openWithSdk(sdkUrl: string): Promise<Page> {
  const context = await browser.newContext();
  await context.grantPermissions(['microphone'], { origin: pageOrigin });
  const page = await context.newPage();
  await page.goto(pageOrigin);
  await page.evaluate((src) => {
    const w = window as unknown as { log: string[] };
    w.log = [];
    const s = document.createElement('script');
    s.crossOrigin = 'anonymous';
    s.src = src;
    s.onload = () => {
      const t = (
        window as unknown as {
          tccc: { on(n: string, h: (p: unknown) => void): void; events: Record<string, string> };
        }
      ).tccc;
      for (const name of Object.values(t.events))
        t.on(name, (p) => w.log.push(`${name} ${JSON.stringify(p)}`));
    };
    document.body.append(s);
  }, sdkUrl);
  return page;
}

const eventNames = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { log: string[] }).log.map((l) => l.split(' ')[0] ?? ''));

beforeAll(async () => {
  emu = await startEmulator({ port: 0, ringMs: 100, noAnswerMs: 300 });
  pageServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>sdk test</title><body></body>');
  });
  await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', r));
  pageOrigin = `http://localhost:${(pageServer.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  pageServer?.close();
  await emu?.close();
});

describe('browser SDK', () => {
  it('answers, then the seat hangs up: callOuted → calloutAccepted → sessionEnded(seat)', async () => {
    const page = await openWithSdk(await mintSdkUrl());
    await expect.poll(() => eventNames(page)).toEqual(['ready']);
    const res = await page.evaluate(() =>
      (
        window as unknown as {
          tccc: { Call: { startOutboundCall(o: unknown): Promise<{ status: string }> } };
        }
      ).tccc.Call.startOutboundCall({
        phoneNumber: '13800138000',
      }),
    );
    expect(res.status).toBe('success');
    await expect.poll(() => eventNames(page)).toEqual(['ready', 'callOuted', 'calloutAccepted']);
    await page.evaluate(() =>
      (window as unknown as { tccc: { Call: { hungUp(): Promise<unknown> } } }).tccc.Call.hungUp(),
    );
    await expect
      .poll(() => eventNames(page))
      .toEqual(['ready', 'callOuted', 'calloutAccepted', 'sessionEnded']);
    const last = await page.evaluate(() => (window as unknown as { log: string[] }).log.at(-1));
    expect(last).toContain('"closeBy":"seat"');
    await page.context().close();
  });

  it('a busy callee ends without calloutAccepted', async () => {
    const page = await openWithSdk(await mintSdkUrl());
    await expect.poll(() => eventNames(page)).toEqual(['ready']);
    await page.evaluate(() =>
      (
        window as unknown as { tccc: { Call: { startOutboundCall(o: unknown): Promise<unknown> } } }
      ).tccc.Call.startOutboundCall({
        phoneNumber: '+8613800138001',
      }),
    );
    await expect.poll(() => eventNames(page)).toEqual(['ready', 'callOuted', 'sessionEnded']);
    const cdr = emu.calls().at(-1);
    expect(cdr?.endStatus).toBe(206);
    await page.context().close();
  });

  it('a reused SdkURL fires tokenExpired, never ready', async () => {
    const url = await mintSdkUrl();
    const first = await openWithSdk(url);
    await expect.poll(() => eventNames(first)).toEqual(['ready']);
    const second = await openWithSdk(url);
    await expect.poll(() => eventNames(second)).toEqual(['tokenExpired']);
    await first.context().close();
    await second.context().close();
  });
});
