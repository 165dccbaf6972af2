// A call list worked end to end: the supervisor loads a GBK list (one bad row, one do-not-call number),
// an agent works it in power mode against the emulator, retries and a callback come back on the
// server's schedule, and the results reach the history and the supervisor's charts. The real server
// runs as a child process, CDRs arrive by the emulator's data push, Chromium drives both screens.
import { mkdirSync } from 'node:fs';
import type { Emulator } from '@tccc-dialer/emulator';
import { repoRoot, type ServerProcess } from '@tccc-dialer/test-support';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkbenchWorld, type WorkbenchWorld } from '../support/workbench-world.js';

const shots = `${repoRoot}test-results/campaigns/`;
const listName = '春季回访';
const dncReason = '客户要求不再来电';

let world: WorkbenchWorld;
let emulator: Emulator;
let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  world = await startWorkbenchWorld();
  ({ emulator, server, browser } = world);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await world?.close();
});

async function signedIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN' });
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

/** Calling hours around the clock: the suite runs at any hour, and the lists' default is 08:00–21:00. */
async function allDay(page: Page) {
  await fillField(page, 'campaign-hours-start', '00:00');
  await fillField(page, 'campaign-hours-end', '24:00');
}

/** An Element Plus number box: the test id sits on the wrapper or on the input itself. */
async function fillField(page: Page, testId: string, value: string | number) {
  const el = page.getByTestId(testId);
  const tag = await el.evaluate((n) => n.tagName);
  const input = tag === 'INPUT' || tag === 'TEXTAREA' ? el : el.locator('input, textarea');
  await input.fill(String(value));
  await input.press('Tab');
}

interface EmulatorCall {
  sessionId: string;
  callee: string;
  uui?: string;
  startedAt: string | number;
  endedAt?: string | number;
}

async function emulatorCalls(): Promise<EmulatorCall[]> {
  const res = await fetch(`${emulator.baseUrl.replace('ccc.localhost', '127.0.0.1')}/_emulator/calls`);
  return ((await res.json()) as { calls: EmulatorCall[] }).calls;
}
const ms = (v: string | number | undefined) => (typeof v === 'number' ? v : Date.parse(String(v)));

describe('a call list worked in power mode', () => {
  it('imports, dials, retries, honours the do-not-call list, calls back on time and reports', async () => {
    // The supervisor: a number on the do-not-call list, then a list with short retry rules.
    const sup = await signedIn('supervisor');
    await sup.getByTestId('nav-campaigns').click();
    await sup.getByTestId('dnc-phone').fill('13800138005');
    await sup.getByTestId('dnc-reason').fill(dncReason);
    await sup.getByTestId('dnc-add').click();
    await expect.poll(() => sup.getByTestId('dnc-table').textContent()).toContain(dncReason);
    await sup.getByTestId('campaign-name').fill(listName);
    await fillField(sup, 'campaign-max-attempts', 2);
    await fillField(sup, 'campaign-retry-interval', 3);
    await fillField(sup, 'campaign-wrap-up', 1);
    await fillField(sup, 'campaign-callback-grace', 60);
    await allDay(sup);
    await sup.getByTestId('campaign-create-submit').click();
    await expect.poll(() => sup.getByTestId('campaign-title').textContent()).toBe(listName);

    // Saved from Excel on a Chinese Windows: GBK. Row 5 is not a number; row 6 must not be called.
    const csv = [
      '姓名,电话,备注',
      '王先生,13800138000,老客户',
      '李女士,13800138001,',
      '张三,13800138002,',
      '错误号码,12345,',
      '赵六,13800138005,',
      '钱七,13800138011,',
    ].join('\r\n');
    await sup.getByTestId('campaign-file').setInputFiles({
      name: 'list.csv',
      mimeType: 'text/csv',
      buffer: iconv.encode(csv, 'gbk'),
    });
    await expect.poll(() => sup.getByTestId('import-count').textContent()).toContain('5');
    expect(await sup.getByTestId('import-row-error').allTextContents()).toEqual([
      '第 5 行：电话号码格式不正确。',
    ]);
    expect(await sup.getByTestId('import-row-dnc').allTextContents()).toEqual([
      '第 6 行：该号码在禁呼名单中。（不会拨打）',
    ]);
    await sup.screenshot({ path: `${shots}01-imported.png`, fullPage: true });

    // The agent works the list in power mode; the loop answers whatever the screen asks for.
    const agent = await signedIn('agent');
    await agent.getByTestId('nav-campaigns').click();
    await agent.getByTestId(`campaign-open-${listName}`).click();
    const phase = () => agent.getByTestId('run-phase').getAttribute('data-phase');
    let callbackAt = 0;
    let reminderSeenAt = 0;
    let callbackSaved = false;
    let reminderElsewhereAt = 0;
    let reminderFollowedAt = 0;
    const deadline = Date.now() + 45_000;
    while (!callbackSaved || (await phase()) !== 'empty') {
      if (Date.now() > deadline) throw new Error(`the list did not finish; phase ${await phase()}`);
      if (reminderSeenAt === 0 && (await agent.getByTestId('callback-reminder').count()) > 0) {
        reminderSeenAt = Date.now();
        expect(await agent.getByTestId('callback-reminder').textContent()).toContain('钱七');
      }
      const current = await agent
        .getByTestId('run-entry')
        .getAttribute('data-phone', { timeout: 200 })
        .catch(() => null);
      const state = await agent
        .getByTestId('call-state')
        .getAttribute('data-state', { timeout: 200 })
        .catch(() => null);
      if (current === '13800138000' && state === 'connected')
        await agent.getByTestId('hangup-button').click();
      if ((await phase()) === 'wrapUp') {
        // The entry being wrapped up, read again: the short read above may have caught the screen
        // between two entries and come back empty, and a callback saved unseen never ends the loop.
        const wrapped = await agent.getByTestId('run-entry').getAttribute('data-phone');
        const isCallback = (await agent.getByTestId('run-callback-tag').count()) > 0;
        if (wrapped === '13800138011' && !isCallback) {
          await agent.getByTestId('disposition-callbackRequested').click();
          const local = await agent.evaluate(() => {
            const d = new Date(Date.now() + 7000);
            return {
              at: d.getTime() - d.getMilliseconds(),
              text: new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19),
            };
          });
          callbackAt = local.at;
          await agent.getByTestId('callback-at').fill(local.text);
          await fillField(agent, 'disposition-note', '下午再打');
          // The agent pauses the list before stepping away to another screen.
          await agent.getByTestId('run-pause').click();
        } else {
          // Taking the callback clears its reminder.
          if (isCallback) await expect.poll(() => agent.getByTestId('callback-reminder').count()).toBe(0);
          await agent.getByTestId('disposition-interested').click();
          await fillField(agent, 'disposition-note', '想了解套餐');
          if (wrapped === '13800138011') callbackSaved = true;
        }
        await agent.screenshot({ path: `${shots}02-disposition-${wrapped}.png` });
        await agent.getByTestId('disposition-save').click();
        await expect.poll(phase).not.toBe('wrapUp');
        if (wrapped === '13800138011' && !isCallback) {
          // While the callback falls due the agent reads the history: the reminder is shown there,
          // once, with the customer, the number and the list, and leads back to the list.
          await agent.getByTestId('nav-history').click();
          await expect.poll(() => agent.getByTestId('history-search').count()).toBe(1);
          const reminder = agent.getByTestId('callback-reminder');
          await expect.poll(() => reminder.count()).toBe(1);
          reminderElsewhereAt = Date.now();
          if (reminderSeenAt === 0) reminderSeenAt = reminderElsewhereAt;
          const text = await reminder.textContent();
          for (const part of ['钱七', '13800138011', listName]) expect(text).toContain(part);
          await agent.waitForTimeout(Math.max(0, callbackAt - Date.now()) + 500);
          expect(await reminder.count()).toBe(1);
          expect(await agent.locator('[role="status"]', { has: reminder }).count()).toBe(1);
          await agent.screenshot({ path: `${shots}02-reminder-on-history.png` });
          reminderFollowedAt = Date.now();
          await agent.getByTestId('callback-reminder-open').click();
          await expect.poll(() => agent.getByTestId('run-title').textContent()).toBe(listName);
        }
      }
      await agent.waitForTimeout(100);
    }
    await agent.screenshot({ path: `${shots}03-list-done.png` });

    // What the emulator was asked to dial: retries up to the maximum, the callback, never the DNC number.
    const calls = await emulatorCalls();
    const count = (n: string) => calls.filter((c) => c.callee === n).length;
    expect([count('13800138000'), count('13800138001'), count('13800138002'), count('13800138011')]).toEqual([
      1, 2, 2, 2,
    ]);
    expect(count('13800138005')).toBe(0);
    // Every call carried its server permit as UUI.
    expect(calls.every((c) => /^permit:/.test(c.uui ?? ''))).toBe(true);
    // Retries waited the list's interval (3 s) after the previous attempt ended.
    for (const n of ['13800138001', '13800138002']) {
      const [first, second] = calls.filter((c) => c.callee === n);
      expect(ms(second?.startedAt) - ms(first?.endedAt)).toBeGreaterThanOrEqual(3000);
    }
    // The callback came back at its time, after a reminder.
    const callback = calls.filter((c) => c.callee === '13800138011')[1];
    expect(ms(callback?.startedAt)).toBeGreaterThanOrEqual(callbackAt);
    // The reminder was on the agent's screen before the callback came back.
    expect(reminderSeenAt).toBeGreaterThan(0);
    expect(reminderSeenAt).toBeLessThan(ms(callback?.startedAt));
    // It was also on the history screen, and the callback was dialled after the agent followed it.
    expect(reminderElsewhereAt).toBeGreaterThan(0);
    expect(reminderElsewhereAt).toBeLessThan(ms(callback?.startedAt));
    expect(ms(callback?.startedAt)).toBeGreaterThan(reminderFollowedAt);

    // The do-not-call number typed on the dial pad: the server refuses and says what to do; the entry's
    // reason stays with the supervisors, who keep the list.
    await agent.getByTestId('nav-work').click();
    await agent.getByTestId('dial-input').fill('13800138005');
    await agent.getByTestId('dial-button').click();
    await expect.poll(() => agent.getByTestId('dial-refusal').textContent()).toContain('该号码在禁呼名单中');
    expect(await agent.getByTestId('dial-refusal').textContent()).toContain('如认为有误，请联系主管');
    expect(await agent.getByTestId('dial-refusal').textContent()).not.toContain(dncReason);
    expect((await emulatorCalls()).some((c) => c.callee === '13800138005')).toBe(false);
    await agent.screenshot({ path: `${shots}04-dnc-refused.png` });

    // The disposition is in the history with the call.
    await agent.getByTestId('nav-history').click();
    await agent.getByTestId('history-search').click();
    const answeredRow = agent.locator('tr.history-row', {
      has: agent.locator(
        `[data-testid="history-row"][data-session="${calls.find((c) => c.callee === '13800138000')?.sessionId}"]`,
      ),
    });
    await expect.poll(() => answeredRow.textContent()).toContain('有意向 — 想了解套餐');

    // The supervisor's view: every entry's state and reason, the contact rate and the charts.
    await sup.reload();
    const status = (phone: string) =>
      sup.locator(`[data-testid="entry-status"][data-phone="${phone}"]`).getAttribute('data-status');
    const reason = (phone: string) => sup.locator(`[data-testid="entry-reason"][data-phone="${phone}"]`);
    await expect.poll(() => status('13800138011'), { timeout: 8000 }).toBe('closed');
    for (const n of ['13800138000', '13800138001', '13800138002', '13800138005'])
      expect(await status(n)).toBe('closed');
    expect(await reason('13800138001').getAttribute('data-reason')).toBe('maxAttempts');
    expect(await reason('13800138002').getAttribute('data-reason')).toBe('maxAttempts');
    expect(await reason('13800138005').textContent()).toBe('禁呼名单');
    expect(await reason('13800138000').textContent()).toBe('有意向');
    expect(await sup.getByTestId('campaign-attempts').textContent()).toBe('7');
    expect(await sup.getByTestId('campaign-contact-rate').textContent()).toBe('43%');
    expect(await sup.getByTestId('disposition-counts').textContent()).toContain('有意向: 2');
    expect(await sup.getByTestId('disposition-counts').textContent()).toContain('预约回拨: 1');
    for (const chart of ['chart-progress', 'chart-dispositions', 'chart-throughput']) {
      expect(await sup.getByTestId(chart).locator('canvas').count()).toBeGreaterThan(0);
    }
    await sup.screenshot({ path: `${shots}05-supervisor.png`, fullPage: true });
    const exported = await sup.request.get(
      `${server.origin}${await sup.getByTestId('campaign-export').getAttribute('href')}`,
    );
    const text = await exported.text();
    expect(text).toContain('赵六,13800138005,closed,DNC_LISTED');
  }, 90_000);

  it('preview mode waits for the agent to click Call, masks the number, and tracks the wrap-up', async () => {
    const sup = await signedIn('supervisor');
    await sup.getByTestId('nav-campaigns').click();
    await sup.getByTestId('campaign-name').fill('预览名单');
    await sup.getByTestId('campaign-mode').getByText('预览式').click();
    await sup.getByTestId('campaign-mask').click();
    await allDay(sup);
    await sup.getByTestId('campaign-create-submit').click();
    await expect.poll(() => sup.getByTestId('campaign-title').textContent()).toBe('预览名单');
    await sup.getByTestId('campaign-file').setInputFiles({
      name: 'preview.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,phone,plan\nSun,13800138000,Gold\n'),
    });
    await expect.poll(() => sup.getByTestId('import-count').textContent()).toContain('1');

    const agent = await signedIn('agent2');
    await agent.getByTestId('nav-campaigns').click();
    await agent.getByTestId('campaign-open-预览名单').click();
    const entry = agent.getByTestId('run-entry');
    await expect.poll(() => entry.getAttribute('data-phone')).toBe('138****8000');
    expect(await entry.textContent()).not.toContain('13800138000');
    expect(await agent.getByTestId('run-phase').textContent()).toContain('Gold');
    const before = (await emulatorCalls()).length;
    await agent.waitForTimeout(1000);
    // Preview: nothing is dialled until the agent says so.
    expect((await emulatorCalls()).length).toBe(before);
    await agent.getByTestId('run-call').click();
    await expect.poll(() => agent.getByTestId('call-state').getAttribute('data-state')).toBe('connected');
    expect(await agent.getByTestId('call-callee').textContent()).toBe('138****8000');
    await agent.getByTestId('hangup-button').click();
    await expect.poll(() => agent.getByTestId('run-phase').getAttribute('data-phase')).toBe('wrapUp');
    await expect
      .poll(() => agent.getByTestId('wrap-up-time').textContent(), { timeout: 4000 })
      .toContain('1');
    await agent.getByTestId('disposition-notInterested').click();
    await agent.getByTestId('disposition-save').click();
    await expect.poll(() => agent.getByTestId('run-phase').getAttribute('data-phase')).toBe('empty');
    await agent.screenshot({ path: `${shots}06-preview-done.png` });

    await sup.reload();
    await expect
      .poll(() => sup.getByTestId('agent-lines').textContent())
      .toMatch(/agent2：拨打 1 次，接通 1 次，平均话后整理 [1-9]/);
  }, 40_000);
});
