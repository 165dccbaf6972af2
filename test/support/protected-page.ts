// A page signed in to a server running with number protection, and what an agent could do from its
// devtools: the page's own API calls, `tccc.Call.startOutboundCall` around the workbench. Shared by the
// number-protection browser tests.
import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { launchChromium, type ServerProcess, startServerProcess } from '@tccc-dialer/test-support';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

const mappingAuth = 'tccc-mapping:e2e-mapping-secret';
const pushAuth = 'tccc-push:e2e-push-secret';

/** The server with NUMBER_MAPPING on, the emulator pushing to it and asking its mapping endpoint, Chromium. */
export interface ProtectedWorld {
  emulator: Emulator;
  server: ServerProcess;
  /** Signs `username` in, in a browser context of its own, and waits for the softphone's ready. */
  signedIn(username: string): Promise<Page>;
  /** TCCC's PhoneToUID for a number (what a curious agent could not ask). */
  idOf(phone: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the world; `env` adds to (or overrides) the server's environment. */
export async function startProtectedWorld(env: Record<string, string> = {}): Promise<ProtectedWorld> {
  const emulator = await startEmulator({ port: 0, ringMs: 300, noAnswerMs: 800 });
  const server = await startServerProcess({
    TCCC_MODE: 'emulator',
    TCCC_EMULATOR_ENDPOINT: emulator.apiEndpoint,
    DATABASE_URL: ':memory:',
    PUSH_BASIC_AUTH: pushAuth,
    NUMBER_MAPPING: 'on',
    NUMBER_MAPPING_BASIC_AUTH: mappingAuth,
    ...env,
  });
  emulator.push.configure({
    url: `${server.origin}/api/tccc/push?action=cdr&version=1`,
    basicAuth: pushAuth,
  });
  emulator.numberMapping.configure({
    url: `${server.origin}/api/tccc/number-mapping`,
    basicAuth: mappingAuth,
  });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    emulator,
    server,
    signedIn: (username) => signedIn(browser, server, contexts, username),
    idOf: (phone) => idOf(server, mappingAuth, phone),
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await server.stop();
      await emulator.close();
    },
  };
}

/** Signs `username` in (demo password) in a context of its own and waits for the softphone's ready. */
export async function signedIn(
  browser: Browser,
  server: ServerProcess,
  contexts: BrowserContext[],
  username: string,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-US' });
  contexts.push(context);
  await context.grantPermissions(['microphone'], { origin: server.origin });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  await page.goto(server.origin);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('tccc-demo');
  await page.getByTestId('login-submit').click();
  await expect
    .poll(() => page.getByTestId('sdk-status').getAttribute('data-status'), { timeout: 15_000 })
    .toBe('ready');
  return page;
}

/** The signed-in page's own API call (its session cookie), as devtools could make it. */
export const apiCall = (page: Page, method: string, url: string, body?: unknown) =>
  page.evaluate(
    async ([m, u, b]) => {
      const res = await fetch(u as string, {
        method: m as string,
        headers: {
          'accept-language': 'en-US',
          ...(b === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(b === undefined ? {} : { body: JSON.stringify(b) }),
      });
      return { status: res.status, body: await res.json() };
    },
    [method, url, body] as const,
  );

/** `tccc.Call.startOutboundCall` from devtools: the SDK's answer, or its error. */
export const devtoolsDial = (page: Page, arg: Record<string, unknown>) =>
  page.evaluate(async (a) => {
    const t = (window as unknown as { tccc: { Call: { startOutboundCall(x: unknown): Promise<unknown> } } })
      .tccc;
    try {
      return (await t.Call.startOutboundCall(a)) as {
        status?: string;
        errorMsg?: string;
        data?: { sessionId: string };
      };
    } catch (e) {
      return { status: 'error', errorMsg: String((e as { errorMsg?: string }).errorMsg ?? e) };
    }
  }, arg);

/** TCCC's PhoneToUID for a number, as the endpoint answers it (what a curious agent could not do). */
export async function idOf(server: ServerProcess, mappingAuth: string, phone: string): Promise<string> {
  const res = await fetch(`${server.origin}/api/tccc/number-mapping`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(mappingAuth).toString('base64')}`,
    },
    body: JSON.stringify({ Numbers: [phone], Mode: 'PhoneToUID' }),
  });
  return ((await res.json()) as { Results: { Value: string }[] }).Results[0]?.Value ?? '';
}
