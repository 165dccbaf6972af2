import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type LaunchOptions } from 'playwright-core';

/** Debian's Chromium; CI installs it with apt-get. Override with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags every browser test runs with: headless, a fake microphone and camera that
 * need no permission prompt, and no background traffic (the test machine has no network,
 * and Chromium floods a closed network with retries without these).
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
];

export async function launchChromium(
  options: { extraArgs?: string[] } & LaunchOptions = {},
): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  const { extraArgs = [], ...rest } = options;
  return chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, ...extraArgs],
    timeout: 30_000,
    ...rest,
  });
}

/** A fresh context with the microphone granted (the fake device answers getUserMedia). */
export async function newMicContext(browser: Browser, origin?: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  if (origin) await context.grantPermissions(['microphone'], { origin });
  return context;
}
