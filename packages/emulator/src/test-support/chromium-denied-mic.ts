// A Chromium whose permission prompt answers "Block" for the microphone. The shared helper's fake UI
// accepts every prompt, so a context without the grant would still get the fake device.
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../../test/support/chromium.js';

export function launchChromiumDenyingMicrophone(): Promise<Browser> {
  // The later value of a repeated switch wins in Chromium's command line.
  return launchChromium({ extraArgs: ['--use-fake-ui-for-media-stream=deny'] });
}
