// CreateAdminURL through the official client, and the console page it opens, over real HTTP: one use, a
// short life, administrators only, a live-call list with "listen", and clear refusals.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { call, commonClient } from './test-support/common-client.js';
import { headlessSeat } from './test-support/headless-seat.js';
import { rawRequest } from './test-support/raw-http.js';

let emu: Emulator;
let aheadMs = 0;
const app = () => emu.config.sdkAppId;

const adminUrl = async (seat = 'supervisor@example.com') =>
  call(commonClient(emu), 'CreateAdminURL', { SdkAppId: app(), SeatUserId: seat });
/** Path and query of a console URL (the fragment never reaches a server). */
const target = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const cookieOf = (setCookie: string | string[] | undefined) => String(setCookie).split(';')[0] ?? '';

beforeAll(async () => {
  emu = await startEmulator({ port: 0, ringMs: 50, now: () => Date.now() + aheadMs });
});
afterEach(() => {
  aheadMs = 0;
});
afterAll(() => emu.close());

describe('CreateAdminURL', () => {
  it('gives a supervisor a single-use console link shaped like TCCC’s', async () => {
    const r = await adminUrl();
    expect(String(r.URL)).toMatch(
      new RegExp(`^${emu.baseUrl}/saas-manage/\\?token=[0-9a-f]{48}#/1400000001/home$`),
    );
    const first = await rawRequest(emu.port, 'GET', target(String(r.URL)));
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/saas-manage/#/1400000001/home');
    expect(String(first.headers['set-cookie'])).toMatch(
      /^tccc_admin=[0-9a-f]{48}; HttpOnly; SameSite=Lax; Path=\/saas-manage$/,
    );
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    const again = await rawRequest(emu.port, 'GET', target(String(r.URL)));
    expect(again.status).toBe(403);
    expect(again.headers['content-type']).toContain('text/html');
    expect(again.body).toContain('该链接已使用过');
    expect(again.body).toContain('This link has already been used');
  });

  it('refuses a link after its 5 minutes, and one the emulator never issued', async () => {
    const r = await adminUrl();
    aheadMs = 301_000;
    const late = await rawRequest(emu.port, 'GET', target(String(r.URL)));
    expect(late.status).toBe(403);
    expect(late.body).toContain('This link has expired');
    aheadMs = 0;
    const forged = await rawRequest(emu.port, 'GET', `/saas-manage/?token=${'0'.repeat(48)}`);
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('not one the emulator issued');
  });

  it('gives no link to an agent (FailedOperation.PermissionDenied) or an unknown seat', async () => {
    expect(await adminUrl('agent@example.com')).toMatchObject({ code: 'FailedOperation.PermissionDenied' });
    expect(await adminUrl('nobody@example.com')).toMatchObject({
      code: 'InvalidParameterValue.AccountNotExist',
    });
  });
});

describe('the console page', () => {
  it('lists the live calls with real numbers and lets the supervisor listen to one', async () => {
    const signIn = await rawRequest(emu.port, 'GET', target(String((await adminUrl()).URL)));
    const cookie = cookieOf(signIn.headers['set-cookie']);
    const empty = await rawRequest(emu.port, 'GET', '/saas-manage/', { cookie });
    expect(empty.status).toBe(200);
    expect(empty.body).toContain('data-role="admin">supervisor@example.com<');

    const agent = await headlessSeat(emu, 'agent@example.com');
    try {
      const { sessionId } = await agent.post('call', { phoneNumber: '13800138000' });
      const live = await rawRequest(emu.port, 'GET', '/saas-manage/', { cookie });
      expect(live.body).toContain(`data-session-id="${sessionId}"`);
      expect(live.body).toContain('13800138000');
      expect(live.body).toContain(`action="/saas-manage/calls/${sessionId}/monitor"`);

      const foreign = await rawRequest(emu.port, 'POST', `/saas-manage/calls/${sessionId}/monitor`, {
        cookie,
        origin: 'https://evil.example',
      });
      expect(foreign.status).toBe(403);
      const crossSite = await rawRequest(emu.port, 'POST', `/saas-manage/calls/${sessionId}/monitor`, {
        cookie,
        'sec-fetch-site': 'cross-site',
        origin: 'null',
      });
      expect(crossSite.status).toBe(403);
      const anonymous = await rawRequest(emu.port, 'POST', `/saas-manage/calls/${sessionId}/monitor`);
      expect(anonymous.status).toBe(403);
      expect(emu.calls().find((c) => c.sessionId === sessionId)?.operations).toEqual([]);

      const listen = await rawRequest(emu.port, 'POST', `/saas-manage/calls/${sessionId}/monitor`, {
        cookie,
        origin: `http://127.0.0.1:${emu.port}`,
      });
      expect(listen.status).toBe(303);
      expect(emu.calls().find((c) => c.sessionId === sessionId)?.operations).toMatchObject([
        { name: 'monitor', detail: { userId: 'supervisor@example.com' } },
      ]);
      const after = await rawRequest(emu.port, 'GET', '/saas-manage/', { cookie });
      expect(after.body).toContain('data-role="listening"');
      await agent.post('hangup', { sessionId });
      expect((await rawRequest(emu.port, 'GET', '/saas-manage/', { cookie })).body).toContain(
        'data-role="no-calls"',
      );
    } finally {
      agent.close();
    }
  });

  it('refuses the page without a sign-in, and forgets sign-ins on reset', async () => {
    const none = await rawRequest(emu.port, 'GET', '/saas-manage/');
    expect(none.status).toBe(403);
    expect(none.body).toContain('Sign in through a link from CreateAdminURL');
    const signIn = await rawRequest(emu.port, 'GET', target(String((await adminUrl()).URL)));
    const cookie = cookieOf(signIn.headers['set-cookie']);
    emu.reset();
    expect((await rawRequest(emu.port, 'GET', '/saas-manage/', { cookie })).status).toBe(403);
  });
});
