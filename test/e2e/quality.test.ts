// Quality scoring in Chromium: a supervisor defines a scorecard, scores a call from its page, the
// agent reads the score and the comment, and the dashboard shows the agent's average.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkbenchWorld, type WorkbenchWorld } from '../support/workbench-world.js';

let world: WorkbenchWorld;
beforeAll(async () => {
  world = await startWorkbenchWorld();
}, 60_000);
afterAll(async () => {
  await world?.close();
});

async function signIn(page: Page, username: string) {
  await page.goto(world.server.origin);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('tccc-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
}

describe('quality scoring', () => {
  it('a scorecard is created, a call scored, the agent sees it, the average is on the dashboard', async () => {
    const seeded = world.emulator.seedCdrs({ count: 10, seatUserId: 'agent@example.com', push: true });
    const supervisorContext = await world.browser.newContext();
    const supervisor = await supervisorContext.newPage();
    await signIn(supervisor, 'supervisor');
    let answered: string | undefined;
    await expect
      .poll(
        async () => {
          for (const id of seeded) {
            const res = await supervisor.request.get(`${world.server.origin}/api/calls/${id}`);
            if (res.ok() && ((await res.json()) as { acceptedAt: string | null }).acceptedAt) {
              answered = id;
              return true;
            }
          }
          return false;
        },
        { timeout: 15_000 },
      )
      .toBe(true);

    await supervisor.getByTestId('nav-scorecards').click();
    await supervisor.getByTestId('scorecard-name').fill('外呼质检');
    await supervisor.getByTestId('section-0-title').fill('开场');
    await supervisor.getByTestId('question-0-0-text').fill('礼貌问候并报工号');
    await supervisor.getByTestId('question-0-0-weight').locator('input').fill('40');
    await supervisor.getByTestId('add-question-0').click();
    await supervisor.getByTestId('question-0-1-text').fill('核实客户身份');
    await supervisor.getByTestId('question-0-1-weight').locator('input').fill('60');
    await supervisor.getByTestId('question-0-1-autofail').click();
    await supervisor.getByTestId('save-scorecard').click();
    await supervisor.locator('[data-testid="scorecard"][data-name="外呼质检"]').waitFor();

    await supervisor.goto(`${world.server.origin}/#/calls/${answered}`);
    await supervisor.getByTestId('score-form').waitFor();
    // Identity checked, greeting missed: 60 of 100.
    await supervisor.getByTestId('score-q2').click();
    await supervisor.getByTestId('score-comment').fill('请先问候并报工号');
    await supervisor.getByTestId('score-submit').click();
    await expect.poll(() => supervisor.getByTestId('call-score').getAttribute('data-score')).toBe('60');

    const agentContext = await world.browser.newContext();
    await agentContext.grantPermissions(['microphone'], { origin: world.server.origin });
    const agent = await agentContext.newPage();
    await signIn(agent, 'agent');
    await agent.getByTestId('nav-my-scores').click();
    await expect.poll(() => agent.getByTestId('my-score').getAttribute('data-score')).toBe('60');
    expect(await agent.getByTestId('my-score-comment').textContent()).toBe('请先问候并报工号');
    // Agents have no scorecard editor, nor the dashboard.
    expect(await agent.getByTestId('nav-scorecards').count()).toBe(0);

    await supervisor.getByTestId('nav-dashboard').click();
    await expect
      .poll(() =>
        supervisor
          .locator('[data-testid="quality-average"][data-agent="agent"]')
          .getAttribute('data-average'),
      )
      .toBe('60');
    // The scored call is not in the review sample; the agent's other answered calls may be.
    const sampled = await supervisor
      .getByTestId('quality-sample')
      .locator('li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-session')));
    expect(sampled).not.toContain(answered);
    await agentContext.close();
    await supervisorContext.close();
  }, 60_000);
});
