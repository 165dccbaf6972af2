// A customer calling in, as the agent meets it in the workbench: the card before answering, answer and
// decline by keyboard, not being offered calls while on rest, and missed calls in history with TCCC's end
// status. The built workbench served by the real server, the emulator over HTTP, Chromium.
import { mkdirSync } from 'node:fs';
import type { Emulator } from '@tccc-dialer/emulator';
import { repoRoot, type ServerProcess } from '@tccc-dialer/test-support';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorkbenchWorld, type WorkbenchWorld } from '../support/workbench-world.js';

const shots = `${repoRoot}test-results/workbench/`;
vi.setConfig({ expect: { poll: { timeout: 10_000 } } });

// 王芳 of the demo customers; the emulator's 13800138000 answers when dialled.
const customer = { name: '王芳', phone: '13800138000' };

let world: WorkbenchWorld;
let emulator: Emulator;
let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  world = await startWorkbenchWorld({
    // Rings long enough for a loaded machine to show the card; a declined caller waits 1.5 s for another agent.
    emulator: { inboundTimeoutMs: 10_000, queueTimeoutMs: 1500 },
  });
  ({ emulator, server, browser } = world);
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => {});
});
afterAll(async () => {
  vi.resetConfig();
  await world?.close();
});

async function signIn(username: string, init?: () => void): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, locale: 'zh-CN' });
  contexts.push(context);
  if (init) await context.addInitScript(init);
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

const state = (page: Page) => page.getByTestId('call-state').getAttribute('data-state');
const phase = (sessionId: string) => emulator.calls().find((c) => c.sessionId === sessionId)?.phase;

/** The history row of one call once TCCC's record has arrived: its outcome and end status. */
async function historyOf(page: Page, sessionId: string) {
  await page.getByTestId('nav-history').click();
  const outcome = page
    .getByTestId('history-table')
    .locator('tr', { has: page.locator(`[data-session="${sessionId}"]`) })
    .getByTestId('history-outcome');
  await expect
    .poll(async () => {
      await page.getByTestId('history-search').click();
      return (await outcome.count()) > 0 ? outcome.getAttribute('data-end-status') : undefined;
    })
    .toMatch(/\S/);
  return {
    outcome: await outcome.getAttribute('data-outcome'),
    endStatus: await outcome.getAttribute('data-end-status'),
    text: (await outcome.textContent())?.trim(),
  };
}

describe('a customer calling in', () => {
  it('shows the card with their last call before answering, and the agent answers with the keyboard', async () => {
    const page = await signIn('agent');
    // The agent called the customer earlier today.
    await page.getByTestId('dial-input').fill(customer.phone);
    await page.getByTestId('dial-button').click();
    await expect.poll(() => state(page)).toBe('connected');
    await page.getByTestId('hangup-button').click();
    await expect.poll(() => state(page)).toBe('ended');
    const first = emulator.calls().at(-1)?.sessionId ?? '';
    await expect.poll(async () => (await historyOf(page, first)).outcome).toBe('answered');
    await page.getByTestId('nav-work').click();

    const sessionId = emulator.inbound('agent@example.com', customer.phone);
    const alert = page.getByTestId('incoming-call');
    await expect.poll(() => alert.isVisible()).toBe(true);
    // Before answering: who it is and the last call with them.
    await expect.poll(() => page.getByTestId('caller-card').getAttribute('data-loaded')).toBe('yes');
    expect(await page.getByTestId('caller-customer').textContent()).toContain(customer.name);
    const recent = page.getByTestId('caller-recent-call');
    expect(await recent.count()).toBe(1);
    expect(await recent.first().textContent()).toContain('已接通');
    expect(phase(sessionId)).toBe('ringing');
    await expect.poll(() => page.title()).toContain(customer.phone);
    await page.screenshot({ path: `${shots}20-inbound-card.png` });

    await page.keyboard.press('Enter');
    await expect.poll(() => state(page)).toBe('connected');
    expect(phase(sessionId)).toBe('connected');
    expect(await page.getByTestId('call-callee').textContent()).toBe(customer.phone);
    expect(await alert.count()).toBe(0);
    await page.getByTestId('hangup-button').click();
    await expect.poll(() => state(page)).toBe('ended');
    expect(await page.title()).not.toContain(customer.phone);

    const row = await historyOf(page, sessionId);
    expect(row).toMatchObject({ outcome: 'answered', endStatus: 'ok' });
  });

  it('is not offered while the agent rests; declined, it is a missed call with TCCC’s end status', async () => {
    const page = await signIn('agent');
    const status = page.getByTestId('agent-status');
    await status.selectOption('rest');
    // TCCC has the seat on rest once the softphone says it confirmed so.
    await expect.poll(() => status.getAttribute('data-status')).toBe('rest');

    const sessionId = emulator.inbound('agent@example.com', '13900002222');
    // The call waits in the queue instead of ringing a resting agent.
    await expect.poll(() => phase(sessionId)).toBe('queued');
    expect(emulator.calls().find((c) => c.sessionId === sessionId)?.events ?? []).toEqual([]);
    expect(await page.getByTestId('incoming-call').count()).toBe(0);

    // Back to free: now it rings, and Escape declines it.
    await status.selectOption('free');
    await expect.poll(() => page.getByTestId('incoming-call').count()).toBe(1);
    expect(await page.getByTestId('incoming-call').textContent()).toContain('13900002222');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('incoming-call').count()).toBe(0);
    // Nobody else takes it; the caller gives up waiting: TCCC's 103 waitingGiveUp.
    await expect.poll(() => phase(sessionId)).toBe('ended');
    const row = await historyOf(page, sessionId);
    expect(row).toEqual({ outcome: 'missed', endStatus: 'waitingGiveUp', text: '未接来电' });
  });

  it('rings out when nobody answers, and is a missed call too', async () => {
    const page = await signIn('agent');
    const sessionId = emulator.inbound('agent@example.com', '13900003333');
    await expect.poll(() => page.getByTestId('incoming-call').count()).toBe(1);
    // Not answered within TCCC's ring timeout: the offer ends by itself.
    await expect.poll(() => page.getByTestId('incoming-call').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => phase(sessionId)).toBe('ended');
    const row = await historyOf(page, sessionId);
    expect(row).toEqual({ outcome: 'missed', endStatus: 'waitingGiveUp', text: '未接来电' });
  });
});

describe('time in status', () => {
  it('shows in the supervisor’s view for the day: rest by reason, talk and occupancy', async () => {
    const page = await signIn('agent');
    const boss = await signIn('supervisor');
    await boss.getByTestId('nav-dashboard').click();
    const row = boss
      .getByTestId('status-time-table')
      .locator('tr', { has: boss.locator('[data-testid="status-time-agent"][data-username="agent"]') });
    const seconds = async (k: string) =>
      Number(await row.getByTestId(`status-time-${k}`).getAttribute('data-seconds'));
    // A status still open counts until now: reload until the server has a second of it.
    const untilASecondOf = (k: string) =>
      expect
        .poll(async () => {
          await boss.getByRole('button', { name: '查询' }).click();
          return (await row.count()) > 0 ? seconds(k) : 0;
        })
        .toBeGreaterThanOrEqual(1);

    // A call: TCCC has the agent busy while it is connected.
    await page.getByTestId('dial-input').fill(customer.phone);
    await page.getByTestId('dial-button').click();
    await expect.poll(() => state(page)).toBe('connected');
    await expect.poll(() => page.getByTestId('agent-status').inputValue()).toBe('busy');
    await untilASecondOf('busy');
    await page.getByTestId('hangup-button').click();
    await expect.poll(() => page.getByTestId('agent-status').inputValue()).toBe('free');

    // Lunch, chosen from the deployment's reasons.
    await page.getByTestId('agent-rest-reason').selectOption('lunch');
    await page.getByTestId('agent-status').selectOption('rest');
    await expect.poll(() => page.getByTestId('agent-status').getAttribute('data-status')).toBe('rest');
    await untilASecondOf('rest');
    expect(await seconds('busy')).toBeGreaterThanOrEqual(1);
    expect(await row.getByTestId('status-time-reasons').textContent()).toContain('午餐');
    expect(Number(await row.getByTestId('status-time-occupancy').getAttribute('data-value'))).toBeGreaterThan(
      0,
    );
    await boss.getByTestId('status-time-table').screenshot({ path: `${shots}21-time-in-status.png` });
    await page.getByTestId('agent-status').selectOption('free');
  });
});

describe('a blind transfer', () => {
  it('sends the answered call to a second agent, who sees it ring and answers; both histories show it', async () => {
    const agent = await signIn('agent');
    const second = await signIn('agent2');
    const sessionId = emulator.inbound('agent@example.com', customer.phone);
    await expect.poll(() => agent.getByTestId('incoming-call').count()).toBe(1);
    await agent.keyboard.press('Enter');
    await expect.poll(() => state(agent)).toBe('connected');

    await agent.getByTestId('transfer-open').click();
    await expect
      .poll(() => agent.getByTestId('transfer-target').locator('option').count())
      .toBeGreaterThan(0);
    await agent.getByTestId('transfer-target').selectOption('seat:agent2@example.com');
    await agent.getByTestId('transfer-submit').click();
    await expect.poll(() => state(agent)).toBe('ended');

    // The second agent's workbench rings with the same customer, card and all.
    await expect.poll(() => second.getByTestId('incoming-call').count()).toBe(1);
    expect(await second.getByTestId('incoming-call').textContent()).toContain(customer.phone);
    await expect.poll(() => second.getByTestId('caller-card').getAttribute('data-loaded')).toBe('yes');
    await second.getByTestId('incoming-answer').click();
    await expect.poll(() => state(second)).toBe('connected');
    expect(emulator.calls().find((c) => c.sessionId === sessionId)?.seatUserId).toBe('agent2@example.com');
    await second.getByTestId('hangup-button').click();
    await expect.poll(() => state(second)).toBe('ended');

    expect((await historyOf(second, sessionId)).outcome).toBe('answered');
    expect((await historyOf(agent, sessionId)).outcome).toBe('answered');
    // Both histories say who handed the call to whom.
    for (const page of [agent, second]) {
      const mark = page
        .getByTestId('history-table')
        .locator('tr', { has: page.locator(`[data-session="${sessionId}"]`) })
        .getByTestId('history-transfer');
      await expect.poll(() => mark.count()).toBe(1);
      expect([await mark.getAttribute('data-from'), await mark.getAttribute('data-to')]).toEqual([
        'agent@example.com',
        'agent2@example.com',
      ]);
      expect(await mark.textContent()).toMatch(/^已转接：\S.* → \S/);
    }
  });
});

describe('the caller ID', () => {
  it('reaches startOutboundCall and the record, and "local" picks the Shanghai number for a 021 landline', async () => {
    const page = await signIn('agent');
    await expect.poll(() => page.getByTestId('caller-id').locator('option').count()).toBeGreaterThan(2);
    await page.getByTestId('caller-id').selectOption('local');
    // The choice is remembered in this browser.
    await page.reload();
    await expect
      .poll(() => page.getByTestId('sdk-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('ready');
    await expect.poll(() => page.getByTestId('caller-id').inputValue()).toBe('local');

    const call = async (callee: string) => {
      await page.getByTestId('dial-input').fill(callee);
      await page.getByTestId('dial-button').click();
      await expect.poll(() => state(page)).toBe('connected');
      const sessionId = emulator.calls().findLast((c) => c.callee === callee)?.sessionId ?? '';
      await page.getByTestId('hangup-button').click();
      await expect.poll(() => state(page)).toBe('ended');
      return sessionId;
    };
    const recorded = async (sessionId: string) => {
      const res = await page.request.get(`${server.origin}/api/calls`);
      const items = (
        (await res.json()) as { items: { sessionId: string; caller: string; sources: { push: boolean } }[] }
      ).items;
      const c = items.find((i) => i.sessionId === sessionId);
      return c?.sources.push ? c.caller : undefined;
    };

    const shanghai = await call('02161234567');
    expect(emulator.calls().find((c) => c.sessionId === shanghai)?.caller).toBe('02160000000');
    await expect.poll(() => recorded(shanghai)).toBe('02160000000');
    const beijing = await call('01087654321');
    expect(emulator.calls().find((c) => c.sessionId === beijing)?.caller).toBe('01060000000');
    await expect.poll(() => recorded(beijing)).toBe('01060000000');

    // A number chosen by hand is used as it is.
    await page.getByTestId('caller-id').selectOption('18600000000');
    const chosen = await call('02161234567');
    expect(emulator.calls().find((c) => c.sessionId === chosen)?.caller).toBe('18600000000');
    await page.getByTestId('caller-id').selectOption('');
  });
});

describe('device pickers', () => {
  it("list Chromium's fake devices, and the choice survives a reload", async () => {
    const page = await signIn('agent');
    const mic = page.getByTestId('device-microphone');
    await expect.poll(() => mic.locator('option').count()).toBeGreaterThan(1);
    const labels = await mic.locator('option').allTextContents();
    expect(labels.some((l) => /fake/i.test(l))).toBe(true);
    const ids = await mic
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const chosen = ids.find((id) => id !== 'default') ?? '';
    await mic.selectOption(chosen);
    await expect.poll(() => mic.inputValue()).toBe(chosen);
    await page.reload();
    await expect
      .poll(() => page.getByTestId('sdk-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('ready');
    await expect.poll(() => page.getByTestId('device-microphone').inputValue()).toBe(chosen);
    // Chromium can send sound to a chosen speaker: no note that it cannot.
    expect(await page.getByTestId('device-no-sink').count()).toBe(0);
    await page.getByTestId('device-microphone').selectOption('default');
  });
});

type DeviceSeam = Window & { unplugged: Set<string>; sinks: string[] };

/**
 * The page's devices seam: `enumerateDevices` leaves out the ids in `window.unplugged` (a device pulled
 * out), and every AudioContext sent to a speaker records the speaker it reached.
 */
function deviceSeam() {
  const w = window as unknown as DeviceSeam;
  w.unplugged = new Set();
  w.sinks = [];
  const list = MediaDevices.prototype.enumerateDevices;
  MediaDevices.prototype.enumerateDevices = async function (this: MediaDevices) {
    return (await list.call(this)).filter((d) => !w.unplugged.has(d.deviceId));
  };
  const proto = AudioContext.prototype as AudioContext & { setSinkId(id: string): Promise<void> };
  const sink = proto.setSinkId;
  proto.setSinkId = async function (this: AudioContext, id: string) {
    await sink.call(this, id);
    w.sinks.push(id);
  };
}

describe('devices during a call', () => {
  it('rings on the chosen speaker; a microphone unplugged mid-call switches to the default with a banner', async () => {
    const page = await signIn('agent', deviceSeam);
    const mic = page.getByTestId('device-microphone');
    const speaker = page.getByTestId('device-speaker');
    await expect.poll(() => speaker.locator('option').count()).toBeGreaterThan(2);
    const idsOf = (select: typeof mic) =>
      select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const chosenMic = (await idsOf(mic)).at(-1) ?? '';
    const chosenSpeaker = (await idsOf(speaker)).at(-1) ?? '';
    expect([chosenMic, chosenSpeaker]).not.toContain('default');
    await mic.selectOption(chosenMic);
    await speaker.selectOption(chosenSpeaker);
    await expect.poll(() => speaker.inputValue()).toBe(chosenSpeaker);

    const sessionId = emulator.inbound('agent@example.com', customer.phone);
    await expect.poll(() => page.getByTestId('incoming-call').isVisible()).toBe(true);
    // The ring tone went to the chosen speaker, not the system's.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as DeviceSeam).sinks))
      .toContain(chosenSpeaker);
    await page.keyboard.press('Enter');
    await expect.poll(() => state(page)).toBe('connected');
    expect(await page.getByTestId('banner-device').count()).toBe(0);

    await page.evaluate((id) => {
      (window as unknown as DeviceSeam).unplugged.add(id);
      navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    }, chosenMic);
    const banner = page.getByTestId('banner-device');
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toContain('已改用系统默认设备');
    await expect.poll(() => mic.inputValue()).toBe('default');
    expect(phase(sessionId)).toBe('connected');
    await page.screenshot({ path: `${shots}24-device-lost.png` });

    await page.getByTestId('hangup-button').click();
    await expect.poll(() => state(page)).toBe('ended');
    expect(await banner.count()).toBe(0);
  });

  it('says plainly when the browser cannot choose a speaker', async () => {
    const page = await signIn('agent', () => {
      Reflect.deleteProperty(HTMLMediaElement.prototype, 'setSinkId');
    });
    await expect.poll(() => page.getByTestId('device-no-sink').isVisible()).toBe(true);
    expect(await page.getByTestId('device-speaker').isDisabled()).toBe(true);
    expect(await page.getByTestId('device-no-sink').textContent()).toContain('系统默认扬声器');
  });
});

describe('after-call work in a power-mode list', () => {
  it('holds the next dial until the disposition is saved', async () => {
    const agent = await signIn('agent');
    const headers = { Origin: server.origin };
    const boss = await signIn('supervisor');
    const list = await boss.request.post(`${server.origin}/api/campaigns`, {
      headers,
      data: { name: 'ACW', mode: 'power', hoursStart: '00:00', hoursEnd: '24:00', wrapUpSeconds: 1 },
    });
    expect(list.status()).toBe(201);
    const { id } = ((await list.json()) as { campaign: { id: string } }).campaign;
    const imported = await boss.request.post(`${server.origin}/api/campaigns/${id}/import`, {
      headers: { ...headers, 'content-type': 'text/csv' },
      data: 'name,phone\n王芳,13800138000\n赵磊,13800138005\n',
    });
    expect(imported.status()).toBe(200);

    const dialled = () => emulator.calls().filter((c) => c.direction === 'outbound').length;
    const before = dialled();
    await agent.goto(`${server.origin}/#/campaigns/${id}/work`);
    const phase = () => agent.getByTestId('run-phase').getAttribute('data-phase');
    await expect.poll(() => state(agent)).toBe('connected');
    const first = await agent.getByTestId('run-entry').getAttribute('data-phone');
    await agent.getByTestId('hangup-button').click();
    await expect.poll(phase).toBe('wrapUp');
    // Longer than the list's 1 s wrap-up: still no next dial while the disposition is open.
    await expect
      .poll(async () => Number((await agent.getByTestId('wrap-up-time').textContent())?.match(/\d+/)?.[0]), {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(3);
    expect(await phase()).toBe('wrapUp');
    expect(dialled()).toBe(before + 1);
    // The list's wrap-up is TCCC's after-call work: a customer calling in now waits in the queue.
    await expect.poll(() => agent.getByTestId('agent-status').inputValue()).toBe('arrange');
    const waiting = emulator.inbound('agent@example.com', '13900005555');
    await expect.poll(() => emulator.calls().find((c) => c.sessionId === waiting)?.phase).toBe('queued');
    expect(await agent.getByTestId('incoming-call').count()).toBe(0);
    expect(emulator.hangUpAsCustomer(waiting)).toBe(true);

    await agent.getByTestId('disposition-interested').click();
    await agent.getByTestId('disposition-save').click();
    // Saved: the list's wrap-up runs out and the next entry is dialled.
    await expect.poll(dialled).toBe(before + 2);
    await expect.poll(() => agent.getByTestId('run-entry').getAttribute('data-phone')).not.toBe(first);
    await expect.poll(() => agent.getByTestId('agent-status').inputValue()).not.toBe('arrange');
  });
});
