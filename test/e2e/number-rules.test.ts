// The calling rules under number protection, in Chromium against the emulator, with the dial pad's
// calling hours closed right now: a number typed on the dial pad after hours, and list entries on the
// do-not-call list or past their cap, are each refused with the rule shown to the agent, the emulator
// places no call, and a dial around the workbench by their customer IDs fails at UIDToPhone.
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

// An hour-long window twelve hours from now in Shanghai: the dial pad is closed for this whole file.
const shanghaiHour = (new Date().getUTCHours() + 8) % 24;
const opens = Math.min((shanghaiHour + 12) % 24, 22);
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
const padHours = `${hh(opens)}-${hh(opens + 1)}`;

let world: ProtectedWorld;
let emulator: Emulator;
let server: ServerProcess;

beforeAll(async () => {
  world = await startProtectedWorld({ DIALPAD_CALLING_HOURS: padHours });
  ({ emulator, server } = world);
}, 60_000);

afterAll(() => world?.close());

const signedIn = (username: string) => world.signedIn(username);
const idOf = (phone: string) => world.idOf(phone);
const placed = () => emulator.calls().length;

/**
 * A dial by the number's customer ID from devtools, around the workbench: TCCC's UIDToPhone gets the
 * rule's Code (docs/errors.md) and dials nothing.
 */
async function refusedAtGate(page: Page, phone: string, code: number) {
  const before = placed();
  const answer = await devtoolsDial(page, { phoneNumber: await idOf(phone) });
  expect(answer.status).toBe('error');
  expect(answer.errorMsg).toContain(`Code ${code}`);
  expect(placed()).toBe(before);
}

async function createList(sup: Page, body: Record<string, unknown>, csv: string): Promise<string> {
  const list = await apiCall(sup, 'POST', '/api/campaigns', {
    protectNumbers: true,
    hoursStart: '00:00',
    hoursEnd: '24:00',
    ...body,
  });
  expect(list.status, JSON.stringify(list.body)).toBe(201);
  const id = list.body.campaign.id as string;
  const imported = await sup.evaluate(
    async ([u, b]) =>
      (
        await fetch(u as string, {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: b as string,
        })
      ).status,
    [`/api/campaigns/${id}/import`, csv] as const,
  );
  expect(imported).toBe(200);
  return id;
}

describe('calling rules under number protection, as the agent meets them', () => {
  it('refuses a number typed on the dial pad after hours, showing the hours, and dials nothing', async () => {
    const agent = await signedIn('agent');
    const before = placed();
    await agent.getByTestId('dial-input').fill('13800138021');
    await agent.getByTestId('dial-button').click();
    const refusal = agent.getByTestId('dial-refusal');
    await expect.poll(() => refusal.count()).toBe(1);
    const text = await refusal.textContent();
    expect(text).toContain('It is outside the allowed calling hours.');
    expect(text).toContain(`Allowed ${hh(opens)}–${hh(opens + 1)} (Asia/Shanghai)`);
    expect(placed()).toBe(before);
    // OUTSIDE_CALLING_HOURS.
    await refusedAtGate(agent, '13800138021', 1012);
  }, 60_000);

  it('skips a list entry on the do-not-call list and one past its cap, naming each rule, and dials neither', async () => {
    const sup = await signedIn('supervisor');
    const agent = await signedIn('agent2');

    // Today's call to 13800138024, through a list without a cap (claim, permit, dial by ID: TCCC confirms it).
    const warmUp = await createList(sup, { name: 'Warm-up' }, 'name,phone\nCapped,13800138024\n');
    const claimed = await apiCall(agent, 'POST', `/api/campaigns/${warmUp}/claim`);
    const entry = claimed.body.entry as { id: string; dialNumber: string };
    const permit = await apiCall(agent, 'POST', '/api/dial-permits', {
      campaignId: warmUp,
      entryId: entry.id,
    });
    expect(permit.body, JSON.stringify(permit.body)).toMatchObject({ allowed: true });
    const before = placed();
    const dialled = await devtoolsDial(agent, { phoneNumber: permit.body.customerId, uui: permit.body.uui });
    expect(dialled.status).not.toBe('error');
    await expect.poll(placed).toBe(before + 1);
    await agent.evaluate(
      (s) =>
        (window as unknown as { tccc: { Call: { hungUp(x: unknown): Promise<unknown> } } }).tccc.Call.hungUp({
          sessionId: s,
        }),
      emulator.calls().at(-1)?.sessionId ?? '',
    );
    await expect.poll(() => emulator.calls().at(-1)?.phase).toBe('ended');

    // A list that allows one call a day, with that number and one put on the do-not-call list after the import.
    const list = await createList(
      sup,
      { name: 'One a day', capPerDay: 1 },
      'name,phone\nCapped,13800138024\nListed,13800138023\n',
    );
    expect(
      (await apiCall(sup, 'POST', '/api/dnc', { phone: '13800138023', reason: 'asked not to be called' }))
        .status,
    ).toBe(200);

    const calls = placed();
    await agent.goto(`${server.origin}/#/campaigns/${list}/work`);
    const notices = agent.getByTestId('run-notice');
    await expect.poll(() => notices.count(), { timeout: 10_000 }).toBe(2);
    const shown = (await notices.allTextContents()).join('\n');
    expect(shown).toContain('This number has reached its calling limit.');
    expect(shown).toContain('Cap 1 calls per day; the call records hold 1');
    expect(shown).toContain('This number is on the do-not-call list.');
    // The agent learns that a number is listed, not the supervisor's reason.
    expect(shown).not.toContain('asked not to be called');
    expect(shown).not.toMatch(/1380013802[34]/);
    expect(await agent.getByTestId('run-entry').count()).toBe(0);
    expect(placed()).toBe(calls);
    // Around the workbench: the listed number never had a permit (PERMIT_MISSING); the capped one's
    // only permit was today's call (PERMIT_USED).
    await refusedAtGate(agent, '13800138023', 1002);
    await refusedAtGate(agent, '13800138024', 1004);
  }, 90_000);
});
