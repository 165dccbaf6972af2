// The walking skeleton, end to end: the real server (a child process), the real emulator over HTTP,
// the built workbench in Chromium with a fake microphone.
import { existsSync } from 'node:fs';
import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { launchChromium, repoRoot, type ServerProcess, startServerProcess } from '@tccc-dialer/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const workbenchBuilt = existsSync(`${repoRoot}packages/workbench/dist/index.html`);

describe('an agent calls a customer from the workbench', () => {
  let emulator: Emulator;
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    if (!workbenchBuilt) {
      throw new Error('The workbench is not built: run `npm run build` (npm test does it first).');
    }
    emulator = await startEmulator({ port: 0, ringMs: 300 });
    server = await startServerProcess({
      TCCC_MODE: 'emulator',
      TCCC_EMULATOR_ENDPOINT: emulator.apiEndpoint,
      DATABASE_URL: ':memory:',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await emulator?.close();
  });

  it('signs in, reaches ready, calls, connects, hangs up, with the events in the documented order', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['microphone'], { origin: server.origin });
    const page = await context.newPage();
    await page.goto(server.origin);

    await page.getByTestId('login-username').fill('agent');
    await page.getByTestId('login-password').fill('tccc-demo');
    await page.getByTestId('login-submit').click();

    await expect
      .poll(() => page.getByTestId('sdk-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('ready');

    await page.getByTestId('dial-input').fill('13800138000');
    await page.getByTestId('dial-button').click();

    const callState = page.getByTestId('call-state');
    await expect.poll(() => callState.getAttribute('data-state'), { timeout: 10_000 }).toBe('connected');

    await page.getByTestId('hangup-button').click();
    await expect.poll(() => callState.getAttribute('data-state'), { timeout: 10_000 }).toBe('ended');

    // The emulator's own record of the call: the SDK events it emitted, in order.
    const res = await fetch(`${emulator.baseUrl.replace('ccc.localhost', '127.0.0.1')}/_emulator/calls`);
    const { calls } = (await res.json()) as { calls: { callee: string; events: { name: string }[] }[] };
    expect(calls).toHaveLength(1);
    expect(calls[0]?.events.map((e) => e.name)).toEqual(['callOuted', 'calloutAccepted', 'sessionEnded']);

    await context.close();
  });
});
