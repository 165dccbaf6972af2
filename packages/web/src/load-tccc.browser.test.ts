// The loader in Chromium against the emulator's real SDK script (DESIGN.md flow 4).
import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { launchChromium } from '@tccc-dialer/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPage, type PageError, type WebGlobal } from './test-support/browser-page.js';
import { type PageServer, startPageServer } from './test-support/page-server.js';
import { sdkUrlMinter } from './test-support/sdk-url.js';

let emulator: Emulator;
let server: PageServer;
let browser: Browser;
let backendDown = false;
const pages: Page[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, ringMs: 100 });
  const mint = sdkUrlMinter(emulator);
  server = await startPageServer(() => (backendDown ? Promise.reject(new Error('down')) : mint()));
  browser = await launchChromium();
});
afterEach(async () => {
  emulator.faults.clear();
  backendDown = false;
  for (const p of pages.splice(0)) await p.context().close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await emulator?.close();
});

async function page(): Promise<Page> {
  const p = await openPage(browser, server.origin);
  pages.push(p);
  return p;
}

type Win = Window & { TcccWeb: WebGlobal; flat: (e: unknown) => PageError; tccc?: unknown };

/** Loads in the page; resolves with what a person would see: the error, or the loaded page state. */
function load(p: Page, options: { timeoutMs?: number } = {}) {
  return p.evaluate(async (o) => {
    const w = window as unknown as Win;
    try {
      const dialer = await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url', ...o });
      return { ok: true as const, status: dialer.agentStatus, scripts: document.scripts.length };
    } catch (e) {
      return {
        ok: false as const,
        error: w.flat(e),
        sdkScriptLeft: Boolean(document.getElementById('tccc-dialer-sdk')),
        tccc: typeof w.tccc,
      };
    }
  }, options);
}

describe('loadTccc in Chromium', () => {
  it('loads once under concurrent calls: one script, one SdkURL, the same Dialer for everyone', async () => {
    const p = await page();
    const before = server.sdkUrlRequests();
    const result = await p.evaluate(async () => {
      const w = window as unknown as Win;
      const all = await Promise.all([1, 2, 3, 4, 5].map(() => w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url' })));
      const later = await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url' });
      return {
        same: all.every((d) => d === all[0]) && later === all[0],
        scripts: document.querySelectorAll('#tccc-dialer-sdk').length,
      };
    });
    expect(result).toEqual({ same: true, scripts: 1 });
    expect(server.sdkUrlRequests() - before).toBe(1);
  });

  it('a 404 script rejects SDK_LOAD_FAILED and cleans up; the next call retries and succeeds', async () => {
    const p = await page();
    emulator.faults.sdk({ mode: 'not-found', count: 1 });
    const failed = await load(p);
    expect(failed).toMatchObject({ ok: false, error: { code: 'SDK_LOAD_FAILED' }, sdkScriptLeft: false });
    // The URL carries the token; the error names only origin and path.
    expect(failed.ok || failed.error.message).not.toMatch(/token=/);
    expect(await load(p)).toMatchObject({ ok: true });
  });

  it('a stalled script rejects SDK_LOAD_TIMEOUT after timeoutMs, with a remedy', async () => {
    const p = await page();
    emulator.faults.sdk({ mode: 'stall', count: 1 });
    const result = await load(p, { timeoutMs: 800 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'SDK_LOAD_TIMEOUT', zh: 'SDK 加载超时' },
      sdkScriptLeft: false,
    });
    expect(result.ok || result.error.remedy).toMatch(/network/);
  });

  it('a script without the global rejects SDK_GLOBAL_MISSING', async () => {
    const p = await page();
    emulator.faults.sdk({ mode: 'no-global', count: 1 });
    expect(await load(p)).toMatchObject({
      ok: false,
      error: { code: 'SDK_GLOBAL_MISSING' },
      tccc: 'undefined',
    });
  });

  it('tokenExpired once: one refresh with a fresh URL, then ready', async () => {
    const p = await page();
    const before = server.sdkUrlRequests();
    emulator.faults.sdk({ mode: 'token-expired', count: 1 });
    expect(await load(p)).toMatchObject({ ok: true, scripts: 2 });
    expect(server.sdkUrlRequests() - before).toBe(2);
  });

  it('tokenExpired twice: SDK_TOKEN_EXPIRED after exactly one refresh', async () => {
    const p = await page();
    const before = server.sdkUrlRequests();
    emulator.faults.sdk({ mode: 'token-expired', count: 2 });
    expect(await load(p)).toMatchObject({
      ok: false,
      error: { code: 'SDK_TOKEN_EXPIRED' },
      sdkScriptLeft: false,
    });
    expect(server.sdkUrlRequests() - before).toBe(2);
  });

  it('a failing backend rejects SDK_URL_FETCH_FAILED, and a retry works once it is back', async () => {
    const p = await page();
    backendDown = true;
    expect(await load(p)).toMatchObject({ ok: false, error: { code: 'SDK_URL_FETCH_FAILED' } });
    backendDown = false;
    expect(await load(p)).toMatchObject({ ok: true });
  });

  it('destroy removes script, SDK DOM and global; loading again gives a new working Dialer', async () => {
    const p = await page();
    const result = await p.evaluate(async () => {
      const w = window as unknown as Win;
      const first = await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url' });
      first.destroy();
      const after = { script: Boolean(document.getElementById('tccc-dialer-sdk')), tccc: typeof w.tccc };
      const second = await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url' });
      let reused: string | undefined;
      try {
        await first.dial('13800138000');
      } catch (e) {
        reused = w.flat(e).code;
      }
      const call = await second.dial('13800138000');
      await call.hangUp();
      const end = await call.ended;
      return { after, fresh: second !== first, reused, closeBy: end.closeBy };
    });
    expect(result).toEqual({
      after: { script: false, tccc: 'undefined' },
      fresh: true,
      reused: 'INVALID_STATE',
      closeBy: 'seat',
    });
  });

  it("one caller's abort ends only its wait; a second mount still gets the Dialer (StrictMode)", async () => {
    const p = await page();
    const result = await p.evaluate(async () => {
      const w = window as unknown as Win;
      const first = new AbortController();
      const a = w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url', signal: first.signal }).catch(
        (e) => w.flat(e).code,
      );
      first.abort();
      const b = await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url' });
      return { first: await a, second: typeof b.dial };
    });
    expect(result).toEqual({ first: 'SDK_LOAD_ABORTED', second: 'function' });
  });

  it('preconnects to the SDK origin while getSdkUrl runs (given, then remembered) and removes the hint after', async () => {
    const p = await page();
    const result = await p.evaluate(async (sdkOrigin) => {
      const w = window as unknown as Win;
      const hints: string[] = [];
      const getSdkUrl = async () => {
        hints.push(document.querySelector<HTMLLinkElement>('link[rel=preconnect]')?.href ?? 'none');
        const r = await fetch('/sdk-url', { method: 'POST' });
        return (await r.json()) as { sdkUrl: string };
      };
      const first = await w.TcccWeb.loadTccc({ getSdkUrl, sdkOrigin });
      first.destroy();
      await w.TcccWeb.loadTccc({ getSdkUrl });
      return { hints, left: document.querySelectorAll('link[rel=preconnect]').length };
    }, emulator.baseUrl);
    expect(result).toEqual({ hints: [`${emulator.baseUrl}/`, `${emulator.baseUrl}/`], left: 0 });
  });

  it('asks for the SDK URL before it installs the microphone picker, so the set-up waits on no round trip', async () => {
    const p = await page();
    const order = await p.evaluate(async () => {
      const w = window as unknown as Win;
      const order: string[] = [];
      const getSdkUrl = async () => {
        order.push('getSdkUrl');
        const r = await fetch('/sdk-url', { method: 'POST' });
        return (await r.json()) as { sdkUrl: string };
      };
      const microphone = () => {
        order.push('microphone');
        return () => {};
      };
      const loading = w.TcccWeb.loadTccc({ getSdkUrl, microphone });
      order.push('loadTccc returned');
      (await loading).destroy();
      return order;
    });
    expect(order).toEqual(['getSdkUrl', 'microphone', 'loadTccc returned']);
  });

  it('renderInto sets data-render-dom-id; checkRenderTarget warns when the element is under 760×480', async () => {
    const p = await page();
    const result = await p.evaluate(async () => {
      const w = window as unknown as Win;
      const tiny = document.getElementById('tiny') as HTMLElement;
      const warning = w.TcccWeb.checkRenderTarget(tiny);
      const fits = w.TcccWeb.checkRenderTarget(document.getElementById('workbench') as HTMLElement);
      await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url', renderInto: 'tiny' });
      return {
        warning: warning && `${warning.code} ${warning.message}`,
        fits: fits ?? 'fits',
        renderId: document.getElementById('tccc-dialer-sdk')?.dataset.renderDomId,
      };
    });
    expect(result).toEqual({
      warning: 'RENDER_TARGET_TOO_SMALL Container under 760×480: 300×200',
      fits: 'fits',
      renderId: 'tiny',
    });
  });

  it('with guardPage, a second tab holding the softphone warns ANOTHER_TAB_ACTIVE in both tabs', async () => {
    const first = await page();
    const second = await first.context().newPage();
    await second.goto(server.origin);
    const listen = (p: Page) =>
      p.evaluate(async () => {
        const w = window as unknown as Win & { warned: string[] };
        w.warned = [];
        const dialer = await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url' });
        w.TcccWeb.guardPage(dialer, { onWarning: (e) => w.warned.push(e.code) });
      });
    await listen(first);
    await listen(second);
    const warned = (p: Page) => p.evaluate(() => (window as unknown as { warned: string[] }).warned);
    await expect.poll(() => warned(second)).toContain('ANOTHER_TAB_ACTIVE');
    await expect.poll(() => warned(first)).toContain('ANOTHER_TAB_ACTIVE');
  });

  it('misuse throws at once, before anything loads', async () => {
    const p = await page();
    const codes = await p.evaluate(() => {
      const w = window as unknown as Win;
      const tries = [
        () => w.TcccWeb.loadTccc({} as never),
        () => w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url', renderInto: 'missing' }),
        () => w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url', ui: 'floating' as never }),
      ];
      return tries.map((t) => {
        try {
          t();
          return 'no throw';
        } catch (e) {
          return w.flat(e).code;
        }
      });
    });
    expect(codes).toEqual(['INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT']);
  });
});
