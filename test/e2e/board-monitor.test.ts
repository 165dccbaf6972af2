// The monitor button in Chromium: the supervisor clicks it on an agent's row of the live board and
// TCCC's own live-call page (the emulator's management console) opens in one new window, signed in by
// the single-use link; an agent has no such button and the server refuses them the link.
import { type BrowserContext, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkbenchWorld, type WorkbenchWorld } from '../support/workbench-world.js';

let world: WorkbenchWorld;
beforeAll(async () => {
  world = await startWorkbenchWorld({ serverEnv: { BOARD_RECONCILE_SECONDS: '0' } });
}, 60_000);
afterAll(async () => {
  await world?.close();
});

async function signIn(context: BrowserContext, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(world.server.origin);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('tccc-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
  return page;
}

/** A POST from the page itself, as the workbench makes it (same origin, the session's cookie). */
const postFrom = (page: Page, path: string, body: unknown) =>
  page.evaluate(
    async ([p, b]) => {
      const res = await fetch(p as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
      return res.status;
    },
    [path, body],
  );

describe('the monitor button on the live board', () => {
  it("opens TCCC's live-call page once for the supervisor; an agent has no such button", async () => {
    const supervisorContext = await world.browser.newContext();
    const agentContext = await world.browser.newContext();
    const supervisor = await signIn(supervisorContext, 'supervisor');
    await supervisor.goto(`${world.server.origin}/#/board`);
    await supervisor.locator('[data-testid="board-connection"][data-state="live"]').waitFor();

    // The agent is on a call, as the agent's browser reports it (sent here without the workbench, whose
    // softphone would report its own status meanwhile): the board shows it with a monitor button.
    const agentApi = await request.newContext({
      baseURL: world.server.origin,
      extraHTTPHeaders: { origin: world.server.origin },
    });
    const signedIn = await agentApi.post('/api/session', {
      data: { username: 'agent', password: 'tccc-demo' },
    });
    expect(signedIn.status()).toBe(200);
    const sessionId = 'monitor-e2e-1';
    const reported = await agentApi.post('/api/calls/events', {
      data: {
        sessionId,
        event: 'connected',
        at: new Date().toISOString(),
        callee: '13800138000',
        direction: 'outbound',
      },
    });
    expect(reported.status()).toBe(202);
    const button = supervisor.getByTestId('monitor-agent');
    await button.waitFor();

    const opened: Page[] = [];
    supervisorContext.on('page', (p) => opened.push(p));
    const popup = supervisorContext.waitForEvent('page');
    await button.click();
    const monitorPage = await popup;
    // The single-use link signs the supervisor in and lands on the console, token out of the address bar.
    await monitorPage.waitForURL(/\/saas-manage\/#\//);
    await monitorPage.waitForLoadState('load');
    const text = await monitorPage.locator('body').textContent();
    expect(text).toContain('实时监控 · Live calls');
    expect(text).not.toMatch(/已使用|already been used|expired|过期/);
    expect(monitorPage.url()).not.toContain('token=');
    await expect.poll(() => button.isEnabled()).toBe(true);
    expect(opened).toHaveLength(1);

    // The agent: no monitor button anywhere (the board is not theirs), and the link is refused.
    expect((await agentApi.post('/api/board/monitor', { data: { sessionId } })).status()).toBe(403);
    await agentApi.dispose();
    const agent = await signIn(agentContext, 'agent');
    await agent.goto(`${world.server.origin}/#/board`);
    await agent.waitForURL((url) => !url.hash.startsWith('#/board'));
    await agent.getByTestId('user-name').waitFor();
    expect(await agent.locator('[data-testid^="monitor-"]').count()).toBe(0);
    expect(await postFrom(agent, '/api/board/monitor', { sessionId })).toBe(403);

    await supervisorContext.close();
    await agentContext.close();
  }, 90_000);
});
