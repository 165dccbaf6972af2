// After-call work outside a call list (WRAP_UP_SECONDS): after every call the agent is in TCCC's
// after-call work status, nothing is offered or dialled until it ends or the agent ends it. And in a
// call list that asks for a disposition on every call: a call that never connects opens the form too. The built
// workbench through the real server, the emulator over HTTP, Chromium.
import type { Emulator } from '@tccc-dialer/emulator';
import type { ServerProcess } from '@tccc-dialer/test-support';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorkbenchWorld, type WorkbenchWorld } from '../support/workbench-world.js';

vi.setConfig({ expect: { poll: { timeout: 10_000 } } });

let world: WorkbenchWorld;
let emulator: Emulator;
let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // Long enough that it never runs out by itself during the test: the agent ends it.
  world = await startWorkbenchWorld({ serverEnv: { WRAP_UP_SECONDS: '120' } });
  ({ emulator, server, browser } = world);
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => {});
});
afterAll(async () => {
  vi.resetConfig();
  await world?.close();
});

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, locale: 'en-US' });
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
  await expect.poll(() => page.getByTestId('precall-status').getAttribute('data-status')).not.toBe('running');
  return page;
}

const state = (page: Page) => page.getByTestId('call-state').getAttribute('data-state');

describe('after-call work for a call outside a list', () => {
  it('holds calls in and out until the agent ends it, in TCCC’s after-call work status', async () => {
    const page = await signIn('agent');
    await page.getByTestId('dial-input').fill('13800138000');
    await page.getByTestId('dial-button').click();
    await expect.poll(() => state(page)).toBe('connected');
    await page.getByTestId('hangup-button').click();
    await expect.poll(() => state(page)).toBe('ended');

    await expect.poll(() => page.getByTestId('after-call-work').count()).toBe(1);
    await expect.poll(() => page.getByTestId('agent-status').inputValue()).toBe('arrange');
    expect(await page.getByTestId('after-call-work').textContent()).toMatch(
      /After-call work: [12]:\d\d left/,
    );
    // No next call from here…
    await page.getByTestId('dial-input').fill('13800138000');
    expect(await page.getByTestId('dial-button').isDisabled()).toBe(true);
    // …and TCCC offers none: the customer waits in the queue.
    const sessionId = emulator.inbound('agent@example.com', '13900004444');
    await expect.poll(() => emulator.calls().find((c) => c.sessionId === sessionId)?.phase).toBe('queued');
    expect(await page.getByTestId('incoming-call').count()).toBe(0);

    await page.getByTestId('after-call-work-end').click();
    await expect.poll(() => page.getByTestId('after-call-work').count()).toBe(0);
    await expect.poll(() => page.getByTestId('agent-status').inputValue()).toBe('free');
    // Free again: the waiting customer rings at once.
    await expect.poll(() => page.getByTestId('incoming-call').count()).toBe(1);
    await page.keyboard.press('Escape');
    expect(emulator.hangUpAsCustomer(sessionId)).toBe(true);
    // Only a call the agent had brings after-call work, not one declined.
    expect(await page.getByTestId('dial-button').isDisabled()).toBe(false);
  });

  it('saves the disposition the agent picks with the call', async () => {
    const page = await signIn('agent');
    await page.getByTestId('dial-input').fill('13800138000');
    await page.getByTestId('dial-button').click();
    await expect.poll(() => state(page)).toBe('connected');
    const sessionId = emulator.calls().at(-1)?.sessionId ?? '';
    await page.getByTestId('hangup-button').click();
    await expect.poll(() => page.getByTestId('after-call-work').count()).toBe(1);

    // The deployment's dispositions (the built-in ones here), in the agent's language.
    const choice = page.getByTestId('acw-disposition');
    expect(await choice.locator('option:not([disabled])').allTextContents()).toEqual([
      'Interested',
      'Not interested',
      'Wrong number',
    ]);
    expect(await page.getByTestId('acw-disposition-save').isDisabled()).toBe(true);
    await choice.selectOption('notInterested');
    await page.getByTestId('acw-disposition-save').click();
    await expect
      .poll(() => page.getByTestId('acw-disposition-saved').getAttribute('data-key'))
      .toBe('notInterested');
    const calls = await page.request.get(`${server.origin}/api/calls`);
    const record = (
      (await calls.json()) as { items: { sessionId: string; disposition?: string }[] }
    ).items.find((c) => c.sessionId === sessionId);
    expect(record?.disposition).toBe('notInterested');
    await page.getByTestId('after-call-work-end').click();
    await expect.poll(() => page.getByTestId('after-call-work').count()).toBe(0);
  });
});

/** An Element Plus field: the test id sits on the wrapper or on the input itself. */
async function fillField(page: Page, testId: string, value: string | number) {
  const el = page.getByTestId(testId);
  const tag = await el.evaluate((n) => n.tagName);
  const input = tag === 'INPUT' || tag === 'TEXTAREA' ? el : el.locator('input, textarea');
  await input.fill(String(value));
  await input.press('Tab');
}

describe('after-call work in a call list that asks for a disposition on every call', () => {
  it('opens the form after a busy and an unanswered call, holds the next dial and keeps the choice', async () => {
    const listName = 'Unanswered follow-up';
    const sup = await signIn('supervisor');
    await sup.getByTestId('nav-campaigns').click();
    await sup.getByTestId('campaign-name').fill(listName);
    // Around the clock (Shanghai time): the suite runs at any hour.
    await fillField(sup, 'campaign-hours-start', '00:00');
    await fillField(sup, 'campaign-hours-end', '24:00');
    await fillField(sup, 'campaign-wrap-up', 1);
    await sup.getByTestId('campaign-disposition-unanswered').click();
    await sup.getByTestId('campaign-create-submit').click();
    await expect.poll(() => sup.getByTestId('campaign-title').textContent()).toBe(listName);
    // The emulator's callees: …001 is busy, …002 rings out unanswered.
    await sup.getByTestId('campaign-file').setInputFiles({
      name: 'list.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,phone\nBusy Bo,13800138001\nNo-answer Nan,13800138002\n'),
    });
    await expect.poll(() => sup.getByTestId('import-count').textContent()).toContain('2');
    const campaignId = new URL(sup.url()).hash.split('/').at(-1) ?? '';

    const page = await signIn('agent');
    await page.getByTestId('nav-campaigns').click();
    await page.getByTestId(`campaign-open-${listName}`).click();
    const phase = () => page.getByTestId('run-phase').getAttribute('data-phase');
    const dialled = () => emulator.calls().filter((c) => c.callee.startsWith('1380013800')).length;
    const before = dialled();

    // Power mode dials the first entry; it is busy and never connects: the form opens all the same.
    await expect.poll(phase).toBe('wrapUp');
    expect(await page.getByTestId('disposition-outcome').textContent()).toBe('Outcome: Busy');
    const busySession = emulator.calls().at(-1)?.sessionId ?? '';
    expect(emulator.calls().at(-1)?.callee).toBe('13800138001');
    // The list's 1 s wrap-up has long passed, and no next dial goes out while the form is open.
    await expect
      .poll(async () => Number((await page.getByTestId('wrap-up-time').textContent())?.match(/\d+/)?.[0]))
      .toBeGreaterThanOrEqual(3);
    expect(dialled()).toBe(before + 1);
    expect(await page.getByTestId('agent-status').inputValue()).toBe('arrange');

    await page.getByTestId('disposition-wrongNumber').click();
    await fillField(page, 'disposition-note', 'Fax line');
    await page.getByTestId('disposition-save').click();

    // Then the next entry: no answer; this time the agent leaves it without a disposition.
    await expect
      .poll(() => page.getByTestId('disposition-outcome').getAttribute('data-outcome'))
      .toBe('noAnswer');
    expect(emulator.calls().at(-1)?.callee).toBe('13800138002');
    expect(dialled()).toBe(before + 2);
    await page.getByTestId('disposition-none').click();
    await expect.poll(phase).toBe('empty');

    // The disposition landed on the entry and the call, as after an answered call; the entry left
    // without one waits for its retry.
    const entries = async () => {
      const res = await sup.request.get(`${server.origin}/api/campaigns/${campaignId}/entries`);
      return (
        (await res.json()) as {
          items: {
            phone: string;
            status: string;
            closeReason: string | null;
            lastOutcome: string | null;
            lastDisposition: string | null;
          }[];
        }
      ).items;
    };
    expect((await entries()).find((e) => e.phone === '13800138001')).toMatchObject({
      status: 'closed',
      closeReason: 'wrongNumber',
      lastOutcome: 'busy',
      lastDisposition: 'wrongNumber',
    });
    expect((await entries()).find((e) => e.phone === '13800138002')).toMatchObject({
      status: 'pending',
      lastOutcome: 'noAnswer',
      lastDisposition: null,
    });
    const calls = await page.request.get(`${server.origin}/api/calls`);
    const record = (
      (await calls.json()) as { items: { sessionId: string; outcome: string; note: string | null }[] }
    ).items.find((c) => c.sessionId === busySession);
    expect(record).toMatchObject({ outcome: 'busy', note: 'Wrong number — Fax line' });
  });
});

describe('signing out', () => {
  it('reports offline to the server before the session ends', async () => {
    const page = await signIn('agent');
    const boss = await signIn('supervisor');
    const current = async () => {
      const from = new Date(Date.now() - 86_400_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const res = await boss.request.get(`${server.origin}/api/agent-status/summary?from=${from}&to=${to}`);
      const { agents } = (await res.json()) as { agents: { username: string; current: string }[] };
      return agents.find((a) => a.username === 'agent')?.current;
    };
    await expect.poll(current).toBe('free');
    await page.getByTestId('logout-button').click();
    await expect.poll(() => page.getByTestId('login-username').count()).toBe(1);
    // Signed out at once: the offline report arrived while the session still stood.
    expect(await current()).toBe('offline');
  });
});
