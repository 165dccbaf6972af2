// Opens a page of the test page server in a fresh context and runs library code in it. Test-only.
import type { Browser, Page } from 'playwright-core';
import type * as Devices from '../devices.js';
import type * as Guards from '../guards.js';
import type * as Web from '../index.js';
import type * as Precall from '../precall.js';

/** The library as the page sees it (the bundle's global): the core, ./precall, ./devices and ./guards. */
export type WebGlobal = typeof Web & typeof Precall & typeof Devices & typeof Guards;

/** A TcccDialerError (or anything thrown) flattened so it can cross from the page to the test. */
export interface PageError {
  code: string;
  message: string;
  zh: string;
  remedy: string;
  reason?: string;
}

export async function openPage(browser: Browser, origin: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin);
  await page.evaluate(() => {
    // Shared by the snippets tests run in the page.
    (window as unknown as { flat: (e: unknown) => PageError }).flat = (e) => {
      const x = e as {
        code?: string;
        message?: string;
        messages?: Record<string, string>;
        remedies?: Record<string, string>;
        reason?: string;
      };
      return {
        code: x.code ?? 'NOT_A_TCCC_DIALER_ERROR',
        message: String(x.message),
        zh: x.messages?.['zh-CN'] ?? '',
        remedy: x.remedies?.['en-US'] ?? '',
        ...(x.reason ? { reason: x.reason } : {}),
      };
    };
  });
  return page;
}
