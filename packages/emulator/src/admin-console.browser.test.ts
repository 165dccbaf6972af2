// The CreateAdminURL link as a supervisor opens it in Chromium: signed in by the link, the live calls shown,
// "listen" clicked, and the same link refused when opened again.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, commonClient } from './test-support/common-client.js';
import { headlessSeat } from './test-support/headless-seat.js';
import { type SdkWorld, sdkWorld } from './test-support/sdk-page.js';

let world: SdkWorld;

beforeAll(async () => {
  world = await sdkWorld({ ringMs: 50 });
});
afterAll(() => world?.close());

it('opens the console from the link, shows a live call and listens to it; the link works once', async () => {
  const { emu, browser } = world;
  const agent = await headlessSeat(emu, 'agent@example.com');
  const { sessionId } = await agent.post('call', { phoneNumber: '13800138000' });
  const { URL: url } = await call(commonClient(emu), 'CreateAdminURL', {
    SdkAppId: emu.config.sdkAppId,
    SeatUserId: 'supervisor@example.com',
  });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(String(url));
    expect(new URL(page.url()).search).toBe('');
    expect(new URL(page.url()).hash).toBe('#/1400000001/home');
    const row = page.locator(`tr[data-session-id="${sessionId}"]`);
    expect(await row.textContent()).toContain('13800138000');
    await row.getByRole('button', { name: '监听 Listen' }).click();
    await expect.poll(() => row.locator('[data-role=listening]').count()).toBe(1);
    expect(
      emu
        .calls()
        .find((c) => c.sessionId === sessionId)
        ?.operations.map((o) => o.name),
    ).toEqual(['monitor']);
    const again = await context.newPage();
    const response = await again.goto(String(url));
    expect(response?.status()).toBe(403);
    expect(await again.getByRole('alert').textContent()).toContain('This link has already been used');
  } finally {
    await context.close();
    await agent.post('hangup', { sessionId });
    agent.close();
  }
});
