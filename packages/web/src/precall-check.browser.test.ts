// The pre-call check in real Chromium: fake devices, a blocked microphone, and a plain-http origin.

import { insecureHost, launchChromium, launchChromiumDenyingMicrophone } from '@tccc-dialer/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrecallReport } from './precall.js';
import { openPage, type WebGlobal } from './test-support/browser-page.js';
import { type PageServer, startPageServer } from './test-support/page-server.js';

let server: PageServer;
let browser: Browser;
let strict: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  server = await startPageServer(() => Promise.reject(new Error('no SDK needed here')));
  [browser, strict] = await Promise.all([launchChromium(), launchChromiumDenyingMicrophone()]);
});
afterAll(async () => {
  for (const p of pages) await p.context().close();
  await browser?.close();
  await strict?.close();
  await server?.close();
});

async function check(
  b: Browser,
  origin: string,
  levelSampleMs = 0,
): Promise<PrecallReport & { liveTracks: number }> {
  const p = await openPage(b, origin);
  pages.push(p);
  return p.evaluate(async (ms) => {
    const w = window as unknown as { TcccWeb: WebGlobal };
    // Count tracks the check opens and leaves running, by wrapping getUserMedia for this page.
    const opened: MediaStreamTrack[] = [];
    const md = navigator.mediaDevices;
    if (md) {
      const original = md.getUserMedia.bind(md);
      md.getUserMedia = async (c) => {
        const s = await original(c);
        opened.push(...s.getTracks());
        return s;
      };
    }
    const report = await w.TcccWeb.runPrecallCheck({ levelSampleMs: ms });
    return { ...report, liveTracks: opened.filter((t) => t.readyState === 'live').length };
  }, levelSampleMs);
}

describe('runPrecallCheck in Chromium', () => {
  it('passes with the fake devices, reports them, and leaves no track running', async () => {
    const report = await check(browser, server.origin);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'skip']);
    expect(report.devices).toEqual({ inputs: 2, outputs: 2, canSelectSpeaker: true });
    expect(report.liveTracks).toBe(0);
  });

  it('samples the fake microphone (a beep) over ~1 s and passes the level check', async () => {
    const report = await check(browser, server.origin, 1200);
    expect(report.checks[5]).toMatchObject({ id: 'input-level', status: 'pass' });
    expect(report.level).toBeGreaterThan(0.001);
    expect(report.liveTracks).toBe(0);
  });

  it('a blocked microphone yields MIC_PERMISSION_DENIED with its remedy in both languages', async () => {
    const report = await check(strict, server.origin);
    expect(report.ok).toBe(false);
    expect(report.checks[3]).toEqual({
      id: 'microphone',
      status: 'fail',
      code: 'MIC_PERMISSION_DENIED',
      message: { 'zh-CN': '麦克风权限被拒绝', 'en-US': 'Microphone permission denied' },
      remedy: {
        'zh-CN': '点地址栏锁形图标允许麦克风，再刷新',
        'en-US': 'Allow the microphone via the lock icon in the address bar, then reload',
      },
    });
  });

  it('a plain-http origin that is not localhost fails first with INSECURE_CONTEXT (needs HTTPS)', async () => {
    const report = await check(strict, `http://${insecureHost}:${server.port}`);
    expect(report.checks[0]).toMatchObject({
      id: 'secure-context',
      status: 'fail',
      code: 'INSECURE_CONTEXT',
    });
    expect(report.checks[0]?.remedy['en-US']).toMatch(/HTTPS/);
    expect(report.checks.slice(1).every((c) => c.status === 'skip')).toBe(true);
  });
});
