// Number protection end to end: the real server (NUMBER_MAPPING=on) as a child process, the emulator
// asking its mapping endpoint as TCCC would, Chromium signed in as an agent. A dial from the page's
// devtools that skips the permit, reuses or outlives it, or targets a refused number fails at
// UIDToPhone with the reason's Code, and the emulator places no call.
import type { Emulator } from '@tccc-dialer/emulator';
import type { ServerProcess } from '@tccc-dialer/test-support';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  devtoolsDial,
  type ProtectedWorld,
  startProtectedWorld,
} from '../support/protected-page.js';

let world: ProtectedWorld;
let emulator: Emulator;
let server: ServerProcess;

beforeAll(async () => {
  world = await startProtectedWorld({
    DIAL_PERMIT_TTL_SECONDS: '5',
    // The dial pad may call around the clock here; the list below carries the hours rule.
    DIALPAD_CALLING_HOURS: '00:00-24:00',
  });
  ({ emulator, server } = world);
}, 60_000);

afterAll(() => world?.close());

const signedIn = (username: string) => world.signedIn(username);
const idOf = (phone: string) => world.idOf(phone);
const placed = () => emulator.calls().length;

/** Refused at UIDToPhone with this Code, and nothing dialled. */
async function refusedAtGate(page: Page, phoneNumber: string, code: number) {
  const before = placed();
  const answer = await devtoolsDial(page, { phoneNumber });
  expect(answer.status).toBe('error');
  expect(answer.errorMsg).toContain(`Code ${code}`);
  expect(placed()).toBe(before);
}

describe('number protection against the emulator', () => {
  it('refuses devtools dials with a guessed ID, an expired and a reused permit, and refused numbers', async () => {
    const agent = await signedIn('agent');
    await refusedAtGate(agent, 'C0000000000', 1001);

    // A permit for a typed number names its customer ID; the dial by that ID goes through once.
    const permit = await apiCall(agent, 'POST', '/api/dial-permits', { phone: '13800138000' });
    expect(permit.body).toMatchObject({ allowed: true });
    const id = permit.body.customerId as string;
    expect(id).toMatch(/^C[0-9A-Z]{9}$/);
    const before = placed();
    const first = await devtoolsDial(agent, { phoneNumber: id, uui: permit.body.uui });
    expect(first.status).not.toBe('error');
    await expect.poll(placed).toBe(before + 1);
    const call = emulator.calls().at(-1);
    expect(call?.callee).toBe('13800138000');
    await agent.evaluate(
      (s) =>
        (window as unknown as { tccc: { Call: { hungUp(x: unknown): Promise<unknown> } } }).tccc.Call.hungUp({
          sessionId: s,
        }),
      call?.sessionId ?? '',
    );
    await expect.poll(() => emulator.calls().at(-1)?.phase).toBe('ended');
    await refusedAtGate(agent, id, 1004);

    // A permit that outlives DIAL_PERMIT_TTL_SECONDS.
    const late = await apiCall(agent, 'POST', '/api/dial-permits', { phone: '13800138002' });
    await expect.poll(() => Date.now() > Date.parse(late.body.expiresAt), { timeout: 10_000 }).toBe(true);
    await refusedAtGate(agent, late.body.customerId, 1003);

    // No permit asked at all (a dial around the workbench).
    await refusedAtGate(agent, await idOf('13800138003'), 1002);
  }, 90_000);

  it('refuses do-not-call, after-hours and capped numbers for list entries and the dial pad alike', async () => {
    const sup = await signedIn('supervisor');
    const agent = await signedIn('agent');
    expect(
      (await apiCall(sup, 'POST', '/api/dnc', { phone: '13800138005', reason: 'asked not to be called' }))
        .status,
    ).toBe(200);
    // Dial pad: the refusal names the rule, and the ID is refused at the gate with the rule's Code.
    const dnc = await apiCall(agent, 'POST', '/api/dial-permits', { phone: '13800138005' });
    expect(dnc.body).toMatchObject({ allowed: false, reason: 'DNC_LISTED' });
    await refusedAtGate(agent, await idOf('13800138005'), 1011);

    // The dial pad's 3 calls in 5 minutes: three dials TCCC confirmed, then the fourth is refused.
    for (let i = 0; i < 3; i++) {
      const p = await apiCall(agent, 'POST', '/api/dial-permits', { phone: '13800138004' });
      const before = placed();
      expect(
        (await devtoolsDial(agent, { phoneNumber: p.body.customerId, uui: p.body.uui })).status,
      ).not.toBe('error');
      await expect.poll(placed).toBe(before + 1);
      await expect.poll(() => emulator.calls().at(-1)?.phase, { timeout: 5000 }).toBe('ended');
    }
    const capped = await apiCall(agent, 'POST', '/api/dial-permits', { phone: '13800138004' });
    expect(capped.body).toMatchObject({ allowed: false, reason: 'FREQUENCY_CAP_REACHED' });
    await refusedAtGate(agent, await idOf('13800138004'), 1013);

    // A list whose hours are now closed: the agent gets no entry, and its ID has no permit to use.
    const shanghaiHour = (new Date().getUTCHours() + 8) % 24;
    const open = (shanghaiHour + 12) % 24;
    const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
    const list = await apiCall(sup, 'POST', '/api/campaigns', {
      name: 'Closed now',
      protectNumbers: true,
      hoursStart: hh(Math.min(open, 22)),
      hoursEnd: hh(Math.min(open, 22) + 1),
    });
    expect(list.status).toBe(201);
    const listId = list.body.campaign.id as string;
    const csv = 'name,phone\nLate,13800138006\nBlocked,13800138005\n';
    await sup.evaluate(
      async ([u, b]) => {
        await fetch(u as string, {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: b as string,
        });
      },
      [`/api/campaigns/${listId}/import`, csv] as const,
    );
    const claim = await apiCall(agent, 'POST', `/api/campaigns/${listId}/claim`);
    expect(claim.body, JSON.stringify(claim.body)).toMatchObject({ entry: null });
    expect(claim.body.refusal).toMatchObject({ code: 'OUTSIDE_CALLING_HOURS' });
    expect(JSON.stringify(claim.body)).not.toContain('13800138006');
    await refusedAtGate(agent, await idOf('13800138006'), 1002);
  }, 120_000);
  it('the workbench dial pad dials the customer ID its permit names, never the number', async () => {
    const agent = await signedIn('agent2');
    const before = placed();
    await agent.getByTestId('dial-input').fill('13800138011');
    await agent.getByTestId('dial-button').click();
    await expect.poll(placed).toBe(before + 1);
    const call = emulator.calls().at(-1);
    // TCCC dialled the number it got from UIDToPhone; the agent's SDK asked for the ID.
    expect(call?.callee).toBe('13800138011');
    expect(call?.protectedCallee).toMatch(/^C[0-9A-Z]{9}$/);
    expect(call?.uui).toMatch(/^permit:/);
    await expect.poll(() => emulator.calls().at(-1)?.phase, { timeout: 8000 }).toBe('ended');
  }, 60_000);
  it("flags for the supervisor a call forced to a real number with phoneEncodeType: 'number'", async () => {
    const agent = await signedIn('agent');
    const before = placed();
    const forced = await devtoolsDial(agent, { phoneNumber: '13800138012', phoneEncodeType: 'number' });
    expect(forced.status).not.toBe('error');
    await expect.poll(placed).toBe(before + 1);
    const sessionId = emulator.calls().at(-1)?.sessionId ?? '';
    // The emulator pushes the CDR when the callee hangs up; the supervisor's history then flags it.
    const sup = await signedIn('supervisor');
    await expect
      .poll(
        async () => {
          const calls = await apiCall(sup, 'GET', '/api/calls?limit=100');
          return (calls.body.items as { sessionId: string; unpermitted?: boolean }[]).find(
            (c) => c.sessionId === sessionId,
          )?.unpermitted;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await sup.getByTestId('nav-history').click();
    await expect.poll(() => sup.getByTestId('history-unpermitted').count()).toBeGreaterThan(0);
    await sup.getByTestId('nav-dashboard').click();
    await expect.poll(() => sup.getByTestId('stat-unpermitted').textContent()).toBe('1');
  }, 60_000);
  it("the agent sees the demo list's customers by ID and calls one by its ID", async () => {
    const agent = await signedIn('agent2');
    const id = await idOf('13800138000');
    const button = agent.locator(`[data-testid="customer-call"][data-phone="${id}"]`);
    await expect.poll(() => button.count()).toBe(1);
    expect(await agent.locator('[data-testid="customer-call"][data-phone="13800138000"]').count()).toBe(0);
    const before = placed();
    await button.click();
    await expect.poll(placed).toBe(before + 1);
    expect(emulator.calls().at(-1)).toMatchObject({ callee: '13800138000', protectedCallee: id });
    await expect.poll(() => agent.getByTestId('call-state').getAttribute('data-state')).toBe('connected');
    await agent.getByTestId('hangup-button').click();
    await expect.poll(() => emulator.calls().at(-1)?.phase).toBe('ended');
  }, 60_000);
  it('tells the agent the rule that refused the dial at UIDToPhone, in their language', async () => {
    const agent = await signedIn('agent2');
    // The permit reaches the page only after it expired (a slow network): TCCC's UIDToPhone refuses it.
    await agent.route('**/api/dial-permits', async (route) => {
      const response = await route.fetch();
      const permit = (await response.json()) as { expiresAt: string };
      await expect.poll(() => Date.now() > Date.parse(permit.expiresAt), { timeout: 10_000 }).toBe(true);
      await route.fulfill({ response });
    });
    const before = placed();
    await agent.getByTestId('dial-input').fill('13800138013');
    await agent.getByTestId('dial-button').click();
    await expect
      .poll(() => agent.getByTestId('call-error').textContent(), { timeout: 15_000 })
      .toBe('Not dialled: the dial permit expired — Dial again');
    expect(placed()).toBe(before);
    await agent.getByTestId('lang-switch').selectOption('zh-CN');
    await expect
      .poll(() => agent.getByTestId('call-error').textContent())
      .toBe('未拨出：拨号许可已过期 — 请重新拨打');
    await agent.unroute('**/api/dial-permits');
  }, 60_000);

  it('shows an agent no protected number on any screen nor in anything the page received; the supervisor sees them', async () => {
    /** The demo list's numbers and the closed list's, in every form an answer could write them. */
    const numbers = [
      ...['13800138000', '13800138001', '13800138002', '13800138003', '13800138004', '13800138005'],
      '13800138006',
    ];
    const forms = numbers.flatMap((n) => [n, `86${n}`, `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`]);
    const lists = (await apiCall(await signedIn('supervisor'), 'GET', '/api/campaigns')).body.items as {
      id: string;
      name: string;
      protectNumbers: boolean;
    }[];
    const demo = lists.find((l) => l.protectNumbers && l.name.includes('demo'));
    if (demo === undefined) throw new Error('no demo protected list');

    /** Visits each screen, keeping its HTML and every API answer the page received. */
    async function walk(
      username: string,
      runList: boolean,
    ): Promise<{ screens: Record<string, string>; answers: string[] }> {
      const page = await signedIn(username);
      const pending: Promise<string>[] = [];
      page.on('response', (res) => {
        const type = res.headers()['content-type'] ?? '';
        if (res.url().includes('/api/') && !type.includes('text/event-stream'))
          pending.push(
            res.text().then(
              (body) => `${res.url()} ${body}`,
              () => '',
            ),
          );
      });
      const screens: Record<string, string> = {};
      const html = () => page.evaluate(() => document.documentElement.outerHTML);
      // Work: the dial pad and the customers.
      await page.getByTestId('nav-work').click();
      await expect.poll(() => page.getByTestId('customer-call').count()).toBeGreaterThan(0);
      screens.work = await html();
      // Customers found by a search.
      await page.getByTestId('customer-search').fill('王芳');
      await expect.poll(() => page.getByTestId('customer-call').count()).toBe(1);
      screens.customers = await html();
      // A run of the protected list, with an entry claimed.
      if (runList) {
        await page.goto(`${server.origin}/#/campaigns/${demo?.id}/work`);
        await expect.poll(() => page.getByTestId('run-entry').count(), { timeout: 10_000 }).toBe(1);
        screens.run = await html();
      }
      // History, then the page of its first call.
      await page.getByTestId('nav-history').click();
      await expect.poll(() => page.getByTestId('history-row').count()).toBeGreaterThan(0);
      screens.history = await html();
      await page.getByTestId('open-call').first().click();
      await expect.poll(() => page.getByTestId('call-facts').count()).toBe(1);
      screens.call = await html();
      // What the page holds besides its DOM: its storage.
      screens.storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
      return { screens, answers: await Promise.all(pending) };
    }

    const agent = await walk('agent2', true);
    expect(Object.keys(agent.screens)).toEqual(['work', 'customers', 'run', 'history', 'call', 'storage']);
    expect(agent.answers.some((a) => a.includes('/api/customers'))).toBe(true);
    expect(agent.answers.some((a) => a.includes('/claim'))).toBe(true);
    expect(agent.answers.some((a) => a.includes('/api/calls'))).toBe(true);
    for (const [screen, text] of Object.entries(agent.screens))
      for (const form of forms) expect(text, `${screen} shows ${form}`).not.toContain(form);
    for (const answer of agent.answers)
      for (const form of forms) expect(answer, `an answer holds ${form}`).not.toContain(form);

    const sup = await walk('supervisor', false);
    expect(sup.screens.customers).toContain('13800138000');
    expect(sup.screens.history).toContain('13800138000');
    expect(sup.answers.join('\n')).toContain('13800138000');
  }, 120_000);

  it('lists for supervisors each time they were shown protected numbers; agents have no such screen', async () => {
    const sup = await signedIn('supervisor');
    // The work screen's customers of the demo list, with their numbers: one reveal.
    await expect.poll(() => sup.getByTestId('customer-call').count()).toBeGreaterThan(0);
    await sup.getByTestId('nav-number-reveals').click();
    const rows = sup.getByTestId('reveal-user');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    expect(await rows.first().textContent()).toBe('supervisor');
    expect(await sup.getByTestId('reveal-route').allTextContents()).toContain('GET /api/customers');
    expect((await sup.getByTestId('reveal-lists').allTextContents()).join('\n')).toContain('demo');
    expect(Number(await sup.getByTestId('reveal-numbers').first().textContent())).toBeGreaterThan(0);

    const agent = await signedIn('agent');
    expect(await agent.getByTestId('nav-number-reveals').count()).toBe(0);
    expect((await apiCall(agent, 'GET', '/api/number-reveals')).status).toBe(403);
    await agent.goto(`${server.origin}/#/number-reveals`);
    await expect.poll(() => agent.evaluate(() => location.hash)).not.toBe('#/number-reveals');
    expect(await agent.getByTestId('reveals').count()).toBe(0);
  }, 60_000);
});
