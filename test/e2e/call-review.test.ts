// A call's page in Chromium: the recording plays, the transcript follows it (a click on a line seeks
// the player there, the line under the playhead is highlighted), the speed changes, each
// participant's own recording can be heard in place of the mix, and the transcript search in the
// history finds the call by what the customer said.
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

interface Line {
  speaker: string;
  startMs: number;
  endMs: number;
  text: string;
}

async function signIn(page: Page, username: string) {
  await page.goto(world.server.origin);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('tccc-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
}

describe("a call's page", () => {
  it('plays the recording, seeks where a transcript line is clicked, and the search finds the call by a phrase', async () => {
    const seeded = world.emulator.seedCdrs({ count: 100, seatUserId: 'agent@example.com', push: true });
    const context = await world.browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'supervisor');
    const api = async <T>(path: string): Promise<T> =>
      (await page.request.get(`${world.server.origin}${path}`)).json();
    // The pushes arrive; pick a call whose customer asked for a refund (its transcript, read once).
    // A quarter of the answered calls are about a refund: among 100 calls (about 40 answered) one is all but certain.
    let refund: { sessionId: string; lines: Line[] } | undefined;
    await expect
      .poll(
        async () => {
          for (const sessionId of seeded) {
            const call = await api<{ acceptedAt?: string | null; error?: unknown }>(
              `/api/calls/${sessionId}`,
            );
            if (call.error !== undefined || !call.acceptedAt) continue;
            const { lines } = await api<{ lines: Line[] }>(`/api/calls/${sessionId}/transcript`);
            if (lines.some((l) => l.speaker === 'customer' && l.text.includes('退款'))) {
              refund = { sessionId, lines };
              return true;
            }
          }
          return false;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const { sessionId, lines } = refund as { sessionId: string; lines: Line[] };
    expect(lines.length).toBeGreaterThanOrEqual(3);

    await page.goto(`${world.server.origin}/#/calls/${sessionId}`);
    await expect.poll(() => page.getByTestId('transcript').locator('li').count()).toBe(lines.length);
    const audio = page.getByTestId('call-audio');
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
    // The recording holds the whole conversation.
    const lastEnd = (lines.at(-1)?.endMs ?? 0) / 1000;
    expect(await audio.evaluate((a: HTMLAudioElement) => a.duration)).toBeGreaterThanOrEqual(lastEnd);

    // Click the third line: the player jumps to its start and plays on, and that line is highlighted.
    const target = lines[2] as Line;
    await page.getByTestId('line-2').click();
    const at = await audio.evaluate((a: HTMLAudioElement) => a.currentTime);
    expect(at * 1000).toBeGreaterThanOrEqual(target.startMs - 1);
    expect(at * 1000).toBeLessThan(target.endMs);
    await expect.poll(() => page.getByTestId('line-2').getAttribute('data-current')).toBe('true');
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 5000 })
      .toBeGreaterThan(at);
    await page.getByTestId('speed-1.5').click();
    expect(await audio.evaluate((a: HTMLAudioElement) => a.playbackRate)).toBe(1.5);
    await page.getByTestId('speed-2').click();
    expect(await audio.evaluate((a: HTMLAudioElement) => a.playbackRate)).toBe(2);
    // The highlight follows the playhead on to later lines.
    await expect
      .poll(() => page.locator('[data-current="true"]').getAttribute('data-testid'), { timeout: 10_000 })
      .not.toBe('line-2');
    await expect.poll(() => page.getByTestId('analysis-summary').textContent()).toMatch(/退款/);

    // The search: calls where the customer said 退款.
    await page.getByTestId('nav-history').click();
    await page.getByTestId('transcript-search').fill('退款');
    await page.getByTestId('transcript-search-submit').click();
    await page.getByTestId('transcript-hits').waitFor();
    const found = await page
      .getByTestId('transcript-hit')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-session')));
    expect(found).toContain(sessionId);
    await page.locator(`[data-testid="transcript-hit"][data-session="${sessionId}"] a`).first().click();
    await expect.poll(() => page.url()).toContain(`/calls/${sessionId}`);
    await context.close();
  }, 60_000);

  it("lists the agent's and the customer's recordings, and switching plays the other from the same position", async () => {
    const seeded = world.emulator.seedCdrs({ count: 20, seatUserId: 'agent@example.com', push: true });
    const context = await world.browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'agent');
    const api = async <T>(path: string): Promise<T> =>
      (await page.request.get(`${world.server.origin}${path}`)).json();
    // An answered call whose pushes (the CDR and one recording per participant) have all arrived.
    let found: { sessionId: string; lines: Line[] } | undefined;
    await expect
      .poll(
        async () => {
          for (const sessionId of seeded) {
            const listed = await api<{ items?: { side: string }[] }>(`/api/calls/${sessionId}/recordings`);
            if (listed.items?.length !== 2) continue;
            const { lines } = await api<{ lines: Line[] }>(`/api/calls/${sessionId}/transcript`);
            if (lines.length < 3) continue;
            found = { sessionId, lines };
            return true;
          }
          return false;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const { sessionId, lines } = found as { sessionId: string; lines: Line[] };

    await page.goto(`${world.server.origin}/#/calls/${sessionId}`);
    await expect.poll(() => page.getByTestId('transcript').locator('li').count()).toBe(lines.length);
    await expect.poll(() => page.getByTestId('channels').locator('label').count()).toBe(3);
    await expect.poll(() => page.getByTestId('channel-agent').textContent()).toContain('Demo Agent');
    await expect.poll(() => page.getByTestId('channel-customer').textContent()).toMatch(/客户|Customer/);
    const audio = page.getByTestId('call-audio');
    const state = () =>
      audio.evaluate((a: HTMLAudioElement) => ({
        src: a.currentSrc,
        at: a.currentTime,
        rate: a.playbackRate,
        paused: a.paused,
      }));

    // The agent alone, at 1.5×, from the second line on.
    await page.getByTestId('channel-agent').click();
    const agentRecord = await page.getByTestId('channel-agent').getAttribute('data-record');
    await expect.poll(async () => (await state()).src).toContain(`/recordings/${agentRecord}`);
    await page.getByTestId('speed-1.5').click();
    const second = lines[1] as Line;
    await page.getByTestId('line-1').click();
    await expect
      .poll(async () => (await state()).at * 1000, { timeout: 5000 })
      .toBeGreaterThan(second.startMs);
    await expect.poll(() => page.getByTestId('line-1').getAttribute('data-current')).toBe('true');

    // Switching to the customer plays their recording on from where the agent's had got to.
    const before = await state();
    await page.getByTestId('channel-customer').click();
    const customerRecord = await page.getByTestId('channel-customer').getAttribute('data-record');
    expect(customerRecord).not.toBe(agentRecord);
    await expect.poll(async () => (await state()).src).toContain(`/recordings/${customerRecord}`);
    await expect.poll(async () => (await state()).at, { timeout: 5000 }).toBeGreaterThan(before.at);
    const after = await state();
    expect(after.at).toBeLessThan(before.at + 3);
    expect(after.rate).toBe(1.5);
    expect(after.paused).toBe(false);
    // The transcript still follows the playhead, now in the customer's recording.
    await expect
      .poll(() => page.locator('[data-current="true"]').getAttribute('data-testid'), { timeout: 10_000 })
      .not.toBe('line-1');

    // And back to both sides, still at the same place and speed.
    const onCustomer = await state();
    await page.getByTestId('channel-mixed').click();
    await expect.poll(async () => (await state()).src).toMatch(/\/recording$/);
    await expect.poll(async () => (await state()).at, { timeout: 5000 }).toBeGreaterThan(onCustomer.at);
    expect((await state()).rate).toBe(1.5);
    await context.close();
  }, 60_000);
});
