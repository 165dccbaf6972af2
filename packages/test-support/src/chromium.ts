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

/** A host name Chromium maps to 127.0.0.1: a plain-http origin that is not localhost, so not secure. */
export const insecureHost = 'dialer-insecure.test';

/**
 * Chromium whose permission prompt answers "Block" for the microphone (the shared flags' fake UI
 * accepts every prompt, so a context without the grant would still get the fake device), and which
 * resolves `insecureHost` to loopback. The later value of a repeated switch wins in Chromium.
 */
export function launchChromiumDenyingMicrophone(): Promise<Browser> {
  return launchChromium({
    extraArgs: ['--use-fake-ui-for-media-stream=deny', `--host-resolver-rules=MAP ${insecureHost} 127.0.0.1`],
  });
}
