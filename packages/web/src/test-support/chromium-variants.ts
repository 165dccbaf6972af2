// Launch variants for this package's browser tests, built on the shared helper.
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../../test/support/chromium.js';

/** A host name Chromium maps to 127.0.0.1: a plain-http origin that is not localhost, so not secure. */
export const insecureHost = 'dialer-insecure.test';

/**
 * Chromium whose permission prompt answers "Block" (the later value of a repeated switch wins), and
 * which resolves `insecureHost` to loopback.
 */
export function launchChromiumStrict(): Promise<Browser> {
  return launchChromium({
    extraArgs: ['--use-fake-ui-for-media-stream=deny', `--host-resolver-rules=MAP ${insecureHost} 127.0.0.1`],
  });
}
