// The workbench as an agent and a supervisor use it: the built app served by the real server (a child
// process), the emulator over HTTP (calls, CDR data push), Chromium with a fake microphone.
// Screenshots of each screen land in test-results/workbench/ for a person to look at.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '@tccc-dialer/emulator';
import { chromiumArgs, chromiumPath, repoRoot, type ServerProcess } from '@tccc-dialer/test-support';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorkbenchWorld, type WorkbenchWorld } from '../support/workbench-world.js';

const shots = `${repoRoot}test-results/workbench/`;
// A browser, a server and an emulator share two cores with other suites: give waits room (a wait that
// succeeds returns at once; only a failing one takes this long).
vi.setConfig({ expect: { poll: { timeout: 10_000 } } });

let world: WorkbenchWorld;
let emulator: Emulator;
let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];
const browsers: Browser[] = [];
const tempDirs: string[] = [];

/** A mono 16-bit PCM WAV of `seconds` of silence. */
function silentWav(seconds: number): Buffer {
  const rate = 48_000;
  const data = rate * 2 * seconds;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  return b;
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  world = await startWorkbenchWorld();
  ({ emulator, server, browser } = world);
});

// One agent, one tab: each test closes its pages, as a person signing off would.
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => {});
  for (const b of browsers.splice(0)) await b.close().catch(() => {});
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

afterAll(async () => {
  vi.resetConfig();
  await world?.close();
});

async function newPage(options: { on?: Browser } = {}): Promise<Page> {
  const context = await (options.on ?? browser).newContext({
    viewport: { width: 1360, height: 860 },
    locale: 'zh-CN',
  });
  contexts.push(context);
  if (options.on === undefined) await context.grantPermissions(['microphone'], { origin: server.origin });
  const page = await context.newPage();
  // A step that cannot happen fails by name instead of running into the test's timeout.
  page.setDefaultTimeout(8000);
  return page;
}

async function signIn(page: Page, username: string) {
  await page.goto(server.origin);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('tccc-demo');
  await page.getByTestId('login-submit').click();
  await expect
    .poll(() => page.getByTestId('sdk-status').getAttribute('data-status'), { timeout: 15_000 })
    .toBe('ready');
  await expect.poll(() => page.getByTestId('precall-status').getAttribute('data-status')).not.toBe('running');
}

const state = (page: Page) => page.getByTestId('call-state').getAttribute('data-state');

async function emulatorCalls(): Promise<{ callee: string }[]> {
  const res = await fetch(`${emulator.baseUrl.replace('ccc.localhost', '127.0.0.1')}/_emulator/calls`);
  return ((await res.json()) as { calls: { callee: string }[] }).calls;
}

/** Dials from the pad and waits for the end (the callee decides when, by number). */
async function callAndWaitForEnd(page: Page, number: string, hangUpAfterConnect = false) {
  await page.getByTestId('dial-input').fill(number);
  await page.getByTestId('dial-button').click();
  if (hangUpAfterConnect) {
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('connected');
    await page.getByTestId('hangup-button').click();
  }
  await expect.poll(() => state(page), { timeout: 10_000 }).toBe('ended');
}

async function historyRows(page: Page) {
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-search').click();
  return page.getByTestId('history-row');
}

// The server allows 10 sign-ins per user a minute; the tests share the three demo users to stay under.
describe('the agent workbench', () => {
  it('explains a wrong password, a locked name and an unreachable server, then signs in and passes the pre-call check', async () => {
    const page = await newPage();
    await page.goto(server.origin);
    await page.getByTestId('login-username').fill('agent');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await page.screenshot({ path: `${shots}01-sign-in-error.png` });
    // The server cannot be reached: the agent is told it is the network, not the password.
    await page.route('**/api/session', (route) => route.abort('connectionrefused'));
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('无法连接服务器');
    await page.unroute('**/api/session');
    // Guessing: after five wrong passwords the name is locked for a while, and the page says so.
    await page.getByTestId('login-username').fill('guessed-name');
    for (let i = 0; i < 5; i++) {
      const res = await page.request.post(`${server.origin}/api/session`, {
        headers: { Origin: server.origin },
        data: { username: 'guessed-name', password: `guess-${i}` },
      });
      expect(res.status()).toBe(401);
    }
    // The lock grows with each failure, so a slow machine still meets it on a later try.
    await expect
      .poll(
        async () => {
          await page.getByTestId('login-submit').click();
          return page.getByTestId('login-error').textContent();
        },
        { timeout: 5000, interval: 300 },
      )
      .toContain('登录失败次数过多');
    await page.getByTestId('login-username').fill('agent');

    await signIn(page, 'agent');
    expect(await page.getByTestId('precall-status').getAttribute('data-status')).toBe('pass');
    await page.getByTestId('nav-precall').click();
    const checks = ['secure-context', 'media-devices', 'browser-support', 'microphone', 'devices'];
    for (const id of checks) {
      expect(await page.getByTestId(`precall-check-${id}`).getAttribute('data-status')).toBe('pass');
    }
    // The live meter runs on the fake microphone's tone.
    await expect
      .poll(async () => Number(await page.getByTestId('level-meter').getAttribute('data-level')), {
        timeout: 5000,
      })
      .toBeGreaterThan(0);
    await page.getByTestId('precall-rerun').click();
    await expect.poll(() => page.getByTestId('precall-summary').getAttribute('data-status')).toBe('pass');
    await page.screenshot({ path: `${shots}02-precall.png`, fullPage: true });
  });

  it('signs in with Enter in one request, and asks for the SDK URL before the device list, the microphone and the work screen', async () => {
    const page = await newPage();
    // What the page starts, in order: its requests, device listings, microphone grants, the work screen.
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { seen });
      const f = window.fetch;
      window.fetch = (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        seen.push(`fetch ${url.replace(location.origin, '')}`);
        return f(input, init);
      };
      const md = navigator.mediaDevices;
      const list = md.enumerateDevices.bind(md);
      const grant = md.getUserMedia.bind(md);
      md.enumerateDevices = () => {
        seen.push('enumerateDevices');
        return list();
      };
      md.getUserMedia = (c) => {
        seen.push('getUserMedia');
        return grant(c);
      };
      new MutationObserver(() => {
        if (!seen.includes('work screen') && document.querySelector('[data-testid="sdk-status"]'))
          seen.push('work screen');
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(server.origin);
    await page.getByTestId('login-username').fill('agent2');
    await page.getByTestId('login-password').fill('tccc-demo');
    await page.evaluate(() => (window as unknown as { seen: string[] }).seen.splice(0));
    await page.getByTestId('login-password').press('Enter');
    await expect
      .poll(() => page.getByTestId('sdk-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('ready');
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.filter((s) => s === 'fetch /api/session')).toHaveLength(1);
    const at = (s: string) => seen.indexOf(s);
    expect(at('fetch /api/session')).toBe(0);
    expect(at('fetch /api/tccc/sdk-url')).toBe(1);
    for (const later of ['enumerateDevices', 'getUserMedia', 'work screen'])
      expect(at(later)).toBeGreaterThan(1);
  });

  it('refuses an invalid number before any call is placed', async () => {
    const page = await newPage();
    await signIn(page, 'agent2');
    const before = (await emulatorCalls()).length;
    await page.getByTestId('dial-input').fill('12345');
    await expect.poll(() => page.getByTestId('dial-error').isVisible()).toBe(true);
    expect(await page.getByTestId('dial-button').isDisabled()).toBe(true);
    await page.getByTestId('dial-input').press('Enter');
    await page.waitForTimeout(300);
    expect(await page.getByTestId('call-state').count()).toBe(0);
    expect((await emulatorCalls()).length).toBe(before);
    await page.screenshot({ path: `${shots}03-invalid-number.png` });
  });

  it('shows the remedy and blocks calling when the microphone is denied', async () => {
    // Without the flag that accepts every media prompt, Chromium answers an ungranted microphone
    // with NotAllowedError: what an agent who clicked "Block" gets.
    const strict = await chromium.launch({
      executablePath: chromiumPath,
      args: chromiumArgs.filter((a) => a !== '--use-fake-ui-for-media-stream'),
    });
    browsers.push(strict);
    const page = await newPage({ on: strict });
    await signIn(page, 'supervisor');
    expect(await page.getByTestId('precall-status').getAttribute('data-status')).toBe('fail');
    const remedy = await page.getByTestId('precall-remedy').textContent();
    expect(remedy).toContain('麦克风');
    await page.getByTestId('dial-input').fill('13800138000');
    expect(await page.getByTestId('dial-button').isDisabled()).toBe(true);
    await page.screenshot({ path: `${shots}04-mic-denied-work.png` });
    await page.getByTestId('nav-precall').click();
    expect(await page.getByTestId('precall-check-microphone').getAttribute('data-status')).toBe('fail');
    expect(await page.getByTestId('precall-remedy-microphone').isVisible()).toBe(true);
    expect(await page.getByTestId('precall-continue').isDisabled()).toBe(true);
    await page.screenshot({ path: `${shots}05-mic-denied-precall.png`, fullPage: true });
  });

  it('warns about a silent microphone but still lets the agent call', async () => {
    // A microphone that hears nothing: Chromium's fake device playing a second of silence.
    const dir = mkdtempSync(join(tmpdir(), 'workbench-silence-'));
    tempDirs.push(dir);
    const wav = join(dir, 'silence.wav');
    writeFileSync(wav, silentWav(1));
    const quiet = await chromium.launch({
      executablePath: chromiumPath,
      args: [...chromiumArgs, `--use-file-for-fake-audio-capture=${wav}`],
    });
    browsers.push(quiet);
    const page = await newPage({ on: quiet });
    await page.context().grantPermissions(['microphone'], { origin: server.origin });
    await signIn(page, 'agent');
    await page.getByTestId('nav-precall').click();
    await expect
      .poll(() => page.getByTestId('precall-summary').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('warn');
    expect(await page.getByTestId('precall-check-input-level').getAttribute('data-status')).toBe('warn');
    expect(await page.getByTestId('precall-remedy-input-level').isVisible()).toBe(true);
    expect(await page.getByTestId('precall-continue').isDisabled()).toBe(false);
    await page.screenshot({ path: `${shots}05b-precall-warning.png`, fullPage: true });
    await page.getByTestId('precall-continue').click();
    expect(await page.getByTestId('precall-status').getAttribute('data-status')).toBe('warn');
    await callAndWaitForEnd(page, '13800138000', true);
  });

  it('dials on an Enter typed before the number rules have arrived, once they do', async () => {
    const page = await newPage();
    // The rules' chunk (libphonenumber) comes after the softphone is ready; here it is held back.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = false;
    await page.route('**/assets/phone-*.js', async (route) => {
      asked = true;
      await held;
      await route.continue();
    });
    await signIn(page, 'agent');
    const before = (await emulatorCalls()).length;
    await page.getByTestId('dial-input').fill('13800138000');
    await page.getByTestId('dial-input').press('Enter');
    await expect.poll(() => asked).toBe(true);
    expect(await emulatorCalls()).toHaveLength(before);
    release();
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('connected');
    expect((await emulatorCalls()).at(-1)?.callee).toBe('13800138000');
    await page.getByTestId('hangup-button').click();
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('ended');
  });

  it('calls an answered number with Enter, controls the call, hangs up with Esc, and finds it in history with its recording', async () => {
    const page = await newPage();
    await signIn(page, 'agent');
    expect(await page.getByTestId('mute-button').count()).toBe(0);
    await page.getByTestId('dial-input').fill('13800138000');
    await page.getByTestId('dial-input').press('Enter');
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('connected');
    // Mute and hold only make sense while connected; both toggle.
    await page.getByTestId('mute-button').click();
    await expect.poll(() => page.getByTestId('mute-button').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('hold-button').click();
    await expect.poll(() => page.getByTestId('hold-button').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('hold-button').click();
    // Keys for the customer's IVR.
    await page.getByTestId('dtmf-button').click();
    await page.getByTestId('dtmf-1').click();
    await page.getByTestId('dtmf-#').click();
    await expect
      .poll(async () => {
        const call = (await emulatorCalls()).at(-1) as {
          operations?: { name: string; detail?: { dtmfText?: string } }[];
        };
        return call.operations?.map((o) => (o.detail?.dtmfText ? `${o.name} ${o.detail.dtmfText}` : o.name));
      })
      // What the emulator saw: every control reached TCCC, in order.
      .toEqual(['muteMic', 'hold', 'unHold', 'sendDigits 1', 'sendDigits #']);
    await page.getByTestId('call-note').fill('客户要报价单 / wants a quote');
    await page.waitForTimeout(1200);
    await page.screenshot({ path: `${shots}06-in-call.png` });
    // Closing the tab mid-call asks first; staying keeps the call.
    const leaving = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const prompt = await leaving;
    expect(prompt.type()).toBe('beforeunload');
    await prompt.dismiss();
    expect(await state(page)).toBe('connected');
    await page.locator('body').press('Escape');
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('ended');
    expect(await page.getByTestId('mute-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('hangup-button').isDisabled()).toBe(true);
    await page.getByTestId('save-note').click();
    await expect.poll(() => page.getByTestId('note-saved').isVisible()).toBe(true);

    const rows = await historyRows(page);
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const first = page.getByTestId('history-table').locator('tbody tr').first();
    expect(await first.getByTestId('history-number').textContent()).toBe('13800138000');
    expect(await first.getByTestId('history-outcome').getAttribute('data-outcome')).toBe('answered');
    expect(await first.getByTestId('history-outcome').textContent()).toContain('已接通');
    const seconds = Number(await first.getByTestId('history-duration').getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(await first.textContent()).toContain('wants a quote');
    await page.screenshot({ path: `${shots}07-history.png`, fullPage: true });
    // TCCC's recording of the call plays from the row once its CDR has arrived.
    await expect
      .poll(
        async () => {
          await page.getByTestId('history-search').click();
          return first.getByTestId('play-recording').count();
        },
        { timeout: 10_000 },
      )
      .toBe(1);
    await first.getByTestId('play-recording').click();
    await expect
      .poll(() => first.locator('audio').evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 10_000 })
      .toBeGreaterThan(0);
    // The export link downloads the same calls as CSV with the agent's session.
    const href = await page.getByTestId('export-csv').getAttribute('href');
    const csv = await page.request.get(`${server.origin}${href}`);
    expect(csv.ok()).toBe(true);
    expect(await csv.text()).toContain('13800138000');
  });

  it('shows busy and no-answer outcomes on the call bar as the calls end', async () => {
    const page = await newPage();
    await signIn(page, 'agent2');
    const outcome = () => page.getByTestId('call-outcome').getAttribute('data-outcome');
    await callAndWaitForEnd(page, '13800138001');
    expect(await outcome()).toBe('busy');
    expect(await page.getByTestId('call-outcome').textContent()).toContain('忙线');
    await callAndWaitForEnd(page, '13800138002');
    expect(await outcome()).toBe('noAnswer');
    expect(await page.getByTestId('call-outcome').textContent()).toContain('无人接听');
    await page.screenshot({ path: `${shots}08-no-answer.png` });
  });

  it('shows busy and no-answer outcomes in history, from TCCC’s CDR', async () => {
    const page = await newPage();
    await signIn(page, 'agent');
    await callAndWaitForEnd(page, '13800138001');
    await callAndWaitForEnd(page, '13800138002');
    await page.getByTestId('nav-history').click();
    const outcomeOf = async (phone: string) => {
      await page.getByTestId('history-phone').fill(phone);
      await page.getByTestId('history-search').click();
      const tag = page
        .getByTestId('history-table')
        .locator('tbody tr')
        .first()
        .getByTestId('history-outcome');
      return tag.getAttribute('data-outcome');
    };
    // The outcome comes from TCCC's CDR (pushed by the emulator), not from what the browser saw.
    await expect.poll(() => outcomeOf('13800138001'), { timeout: 10_000 }).toBe('busy');
    await expect.poll(() => outcomeOf('13800138002'), { timeout: 10_000 }).toBe('noAnswer');
    await page.screenshot({ path: `${shots}08-history-outcomes.png`, fullPage: true });
  });

  it('switches the language to English and keeps it after a reload', async () => {
    const page = await newPage();
    await signIn(page, 'agent2');
    expect(await page.getByTestId('nav-history').textContent()).toContain('通话记录');
    await page.getByTestId('lang-switch').selectOption('en-US');
    await expect.poll(() => page.getByTestId('nav-history').textContent()).toContain('Call history');
    expect(await page.getByTestId('dial-button').textContent()).toContain('Call');
    await page.reload();
    await expect.poll(() => page.getByTestId('nav-history').textContent()).toContain('Call history');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    await expect.poll(() => page.getByTestId('precall-status').getAttribute('data-status')).toBe('pass');
    await page.screenshot({ path: `${shots}09-english.png` });
  });

  it('lists the demo customers, imports more from CSV with a per-row error report, and calls one from the list', async () => {
    const page = await newPage();
    await signIn(page, 'agent');
    // Against the emulator the list starts with the demo customers, one per callee behaviour.
    await expect
      .poll(() => page.locator('[data-testid="customer-call"][data-phone="13800138001"]').count())
      .toBe(1);
    await page.getByTestId('import-open').click();
    await page
      .getByTestId('import-text')
      .fill('姓名,电话,公司\n孙悦,139 0000 1111,远景科技\n坏号码,12345,\n,13900002222,\n');
    await page.getByTestId('import-submit').click();
    await expect.poll(() => page.getByTestId('import-report').isVisible()).toBe(true);
    const errors = page.getByTestId('import-error');
    expect(await errors.count()).toBe(2);
    expect(await errors.nth(0).getAttribute('data-row')).toBe('3');
    expect(await errors.nth(0).getAttribute('data-code')).toBe('CUSTOMER_PHONE_INVALID');
    expect(await errors.nth(1).getAttribute('data-code')).toBe('CUSTOMER_NAME_MISSING');
    await page.screenshot({ path: `${shots}10-import-report.png` });
    await page.keyboard.press('Escape');

    await page.getByTestId('customer-search').fill('远景');
    // The search leaves only the imported customer.
    await expect.poll(() => page.getByTestId('customer-call').count()).toBe(1);
    const call = page.locator('[data-testid="customer-call"][data-phone="13900001111"]');
    expect(await call.count()).toBe(1);
    await page.screenshot({ path: `${shots}11-work.png` });
    await call.click();
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('connected');
    expect(await page.getByTestId('call-callee').textContent()).toBe('13900001111');
    await page.getByTestId('hangup-button').click();
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('ended');
  });

  it('changes agent status and rings visibly on an inbound call', async () => {
    const page = await newPage();
    await signIn(page, 'agent2');
    // The agent takes a break and comes back; the select follows the SDK's status.
    const status = page.getByTestId('agent-status');
    await status.selectOption('rest');
    await expect.poll(() => status.inputValue()).toBe('rest');
    expect(await page.getByTestId('call-error').count()).toBe(0);
    await status.selectOption('free');
    await expect.poll(() => status.inputValue()).toBe('free');
    const sessionId = emulator.inbound('agent2@example.com', '13912345678');
    await expect
      .poll(() => page.getByTestId('incoming-call').textContent(), { timeout: 5000 })
      .toContain('13912345678');
    await page.screenshot({ path: `${shots}14-inbound.png` });
    // The caller gives up, so the seat is free for the calls of the next tests.
    expect(emulator.hangUpAsCustomer(sessionId)).toBe(true);
  });

  it('embeds TCCC’s own workbench in a panel of the work view when chosen', async () => {
    const page = await newPage();
    await signIn(page, 'supervisor');
    expect(await page.getByTestId('tccc-embed').count()).toBe(0);
    await page.getByTestId('ui-mode-embedded').click();
    await expect
      .poll(() => page.getByTestId('sdk-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('ready');
    await expect
      .poll(() => page.getByTestId('tccc-embed').evaluate((el) => el.childElementCount))
      .toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}15-embedded.png`, fullPage: true });
  });

  it('warns when the network drops or another tab opens, and reloads the softphone when its token expires', async () => {
    const page = await newPage();
    await signIn(page, 'agent');
    await page.context().setOffline(true);
    await expect.poll(() => page.getByTestId('banner-offline').isVisible()).toBe(true);
    await page.screenshot({ path: `${shots}16-offline.png` });
    await page.context().setOffline(false);
    await expect.poll(() => page.getByTestId('banner-offline').count()).toBe(0);

    const logins = () => emulator.stats().requests.CreateSDKLoginToken ?? 0;
    const before = logins();
    expect(emulator.fireSdkEvent('agent@example.com', 'tokenExpired')).toBeGreaterThan(0);
    await expect.poll(logins, { timeout: 5000 }).toBe(before + 1);
    await expect
      .poll(() => page.getByTestId('sdk-status').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('ready');
    expect(await page.getByTestId('banner-token').count()).toBe(0);
    await callAndWaitForEnd(page, '13800138000', true);

    // A second tab with the softphone: the agent is told, rather than calls landing in a hidden tab.
    const second = await page.context().newPage();
    await second.goto(server.origin);
    const warned = async () =>
      (await page.getByTestId('banner-warning').count()) +
      (await second.getByTestId('banner-warning').count());
    await expect.poll(warned, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}17-another-tab.png` });
  });

  it('signs out and lets the next person sign in on the same tab', async () => {
    const page = await newPage();
    await signIn(page, 'supervisor');
    expect(await page.getByTestId('nav-dashboard').count()).toBe(1);
    await page.getByTestId('logout-button').click();
    await expect.poll(() => page.getByTestId('login-submit').count()).toBe(1);
    await signIn(page, 'agent2');
    expect(await page.getByTestId('user-name').textContent()).toBe('Second Agent');
    expect(await page.getByTestId('nav-dashboard').count()).toBe(0);
    await callAndWaitForEnd(page, '13800138000', true);
    const calls = await emulatorCalls();
    expect((calls.at(-1) as { seatUserId?: string }).seatUserId).toBe('agent2@example.com');
  });

  it('pages through a long history and back', async () => {
    const page = await newPage();
    await signIn(page, 'agent');
    // 25 short calls through the same event API the softphone uses, so there is more than a page.
    const startedAt = Date.now() - 3_600_000;
    for (let i = 0; i < 25; i++) {
      const res = await page.request.post(`${server.origin}/api/calls/events`, {
        headers: { Origin: server.origin },
        data: {
          sessionId: `paging-${i}`,
          event: 'dialing',
          at: new Date(startedAt + i * 1000).toISOString(),
          callee: `1390000${String(i).padStart(4, '0')}`,
          direction: 'outbound',
        },
      });
      expect(res.status()).toBe(202);
    }
    const rows = await historyRows(page);
    await expect.poll(() => rows.count()).toBe(20);
    const sessions = () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-session')));
    const onPage1 = await sessions();
    const firstOnPage1 = onPage1[0];
    await page.getByTestId('history-next').click();
    await expect.poll(() => page.getByTestId('history-page').textContent()).toContain('2');
    await expect.poll(async () => rows.first().getAttribute('data-session')).not.toBe(firstOnPage1);
    const onPage2 = await sessions();
    expect(onPage2.length).toBeGreaterThan(0);
    expect(onPage2.filter((id) => onPage1.includes(id))).toEqual([]);
    await page.getByTestId('history-prev').click();
    await expect.poll(() => rows.first().getAttribute('data-session')).toBe(firstOnPage1);
    expect(await page.getByTestId('history-prev').isDisabled()).toBe(true);
  });

  it('shows a supervisor every agent’s calls and an agent only their own', async () => {
    const other = await newPage();
    await signIn(other, 'agent2');
    await callAndWaitForEnd(other, '13800138000', true);
    const agent2Rows = await historyRows(other);
    await expect.poll(() => agent2Rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const agents = async (page: Page) =>
      new Set(
        await page
          .getByTestId('history-row')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-agent'))),
      );
    expect([...(await agents(other))]).toEqual(['agent2']);

    const boss = await newPage();
    await signIn(boss, 'supervisor');
    await historyRows(boss);
    await expect
      .poll(async () => [...(await agents(boss))].sort(), { timeout: 10_000 })
      .toEqual(['agent', 'agent2']);
    await boss.screenshot({ path: `${shots}12-history-supervisor.png`, fullPage: true });
    // Filters narrow the list: one agent's answered calls only.
    await boss.getByTestId('history-agent').fill('agent2');
    await boss.getByTestId('history-outcome-filter').selectOption('answered');
    await boss.getByTestId('history-search').click();
    await expect.poll(async () => [...(await agents(boss))], { timeout: 5000 }).toEqual(['agent2']);
    const outcomes = await boss
      .getByTestId('history-outcome')
      .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-outcome')))]);
    expect(outcomes).toEqual(['answered']);
    await boss.getByTestId('nav-dashboard').click();
    await expect
      .poll(async () => Number(await boss.getByTestId('stat-calls').textContent()))
      .toBeGreaterThan(0);
    expect(await boss.getByTestId('stat-answer-rate').textContent()).toMatch(/^\d+(\.\d)?%$/);
    const perAgent = await boss.getByTestId('dashboard-agents').locator('tbody tr').allTextContents();
    expect(perAgent.join(' ')).toContain('Second Agent');
    await boss.screenshot({ path: `${shots}13-dashboard.png`, fullPage: true });
    expect(await other.getByTestId('nav-dashboard').count()).toBe(0);
  });
});
