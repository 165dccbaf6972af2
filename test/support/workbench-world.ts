// What the workbench's browser suites run against: the emulator in-process, the real server as a child
// process serving the built workbench, CDRs flowing by the emulator's data push as TCCC's would, and
// Chromium with a fake microphone.
import { existsSync } from 'node:fs';
import { type Emulator, type EmulatorOptions, startEmulator } from '@tccc-dialer/emulator';
import { launchChromium, repoRoot, type ServerProcess, startServerProcess } from '@tccc-dialer/test-support';
import type { Browser } from 'playwright-core';

export interface WorkbenchWorld {
  emulator: Emulator;
  server: ServerProcess;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * `emulator` changes the emulator's timings (e.g. how long an inbound call rings) for one suite;
 * `serverEnv` adds settings of the server (e.g. `WRAP_UP_SECONDS`).
 */
export async function startWorkbenchWorld(
  options: { emulator?: Partial<EmulatorOptions>; serverEnv?: Record<string, string> } = {},
): Promise<WorkbenchWorld> {
  if (!existsSync(`${repoRoot}packages/workbench/dist/index.html`)) {
    throw new Error('The workbench is not built: run `npm run build` (npm test does it first).');
  }
  const pushAuth = 'tccc-push:workbench-e2e-secret';
  const emulator = await startEmulator({ port: 0, ringMs: 300, noAnswerMs: 800, ...options.emulator });
  const server = await startServerProcess({
    TCCC_MODE: 'emulator',
    TCCC_EMULATOR_ENDPOINT: emulator.apiEndpoint,
    DATABASE_URL: ':memory:',
    PUSH_BASIC_AUTH: pushAuth,
    ...options.serverEnv,
  });
  emulator.push.configure({
    url: `${server.origin}/api/tccc/push?action=cdr&version=1`,
    basicAuth: pushAuth,
  });
  const browser = await launchChromium();
  return {
    emulator,
    server,
    browser,
    async close() {
      await browser.close();
      await server.stop();
      await emulator.close();
    },
  };
}
