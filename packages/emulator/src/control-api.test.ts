// The HTTP control API: the same controls as the JS handle, for servers running in another process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { call, commonClient } from './test-support/common-client.js';

let emu: Emulator;
let control: string;

const post = async (path: string, body?: unknown, method = 'POST') => {
  const res = await fetch(`${control}/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const get = async (path: string) =>
  (await fetch(`${control}/${path}`)).json() as Promise<Record<string, unknown>>;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  control = `http://127.0.0.1:${emu.port}/_emulator`;
});
afterAll(() => emu.close());

describe('control API over HTTP', () => {
  it('injects a cloud-API fault that the official client then meets', async () => {
    expect(
      (
        await post('faults/api', {
          action: 'CreateSDKLoginToken',
          count: 1,
          error: { code: 'InternalError', message: 'x' },
        })
      ).status,
    ).toBe(200);
    const params = { SdkAppId: emu.config.sdkAppId, SeatUserId: 'agent@example.com' };
    expect((await call(commonClient(emu), 'CreateSDKLoginToken', params)).code).toBe('InternalError');
    expect((await call(commonClient(emu), 'CreateSDKLoginToken', params)).SdkURL).toBeDefined();
  });

  it('makes the SDK script 404, or load without defining tccc', async () => {
    await post('faults/sdk', { mode: 'not-found', count: 1 });
    await post('faults/sdk', { mode: 'no-global', count: 1 });
    const script = `http://127.0.0.1:${emu.port}/sdk/tccc.js`;
    expect((await fetch(script)).status).toBe(404);
    const empty = await fetch(script);
    expect(empty.status).toBe(200);
    expect(await empty.text()).not.toContain('window');
    expect(await (await fetch(script)).text()).toContain('tokenExpired');
  });

  it('refuses a bad body with 400 naming the field', async () => {
    const r = await post('faults/sdk', { mode: 'explode', count: 1 });
    expect(r.status).toBe(400);
    expect(String((r.body.error as { message: string }).message)).toMatch(/^mode:/);
    expect((await post('faults/api', { action: 'X', count: 0 })).status).toBe(400);
    expect((await post('nothing-here', {})).status).toBe(404);
    const seat = await post('inbound', { seatUserId: 'nobody@example.com', caller: '13912345678' });
    expect(seat).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_SEAT' } } });
  });

  it('reports per-action stats with per-second counts, and resets them', async () => {
    await post('reset');
    for (let i = 0; i < 3; i++)
      await call(commonClient(emu), 'DescribeNumbers', { SdkAppId: emu.config.sdkAppId });
    const stats = (await get('stats')) as {
      actions: Record<string, { requests: number; maxPerSecond: number; perSecond: Record<string, number> }>;
    };
    expect(stats.actions.DescribeNumbers?.requests).toBe(3);
    expect(stats.actions.DescribeNumbers?.maxPerSecond).toBeGreaterThanOrEqual(1);
    expect(Object.values(stats.actions.DescribeNumbers?.perSecond ?? {}).reduce((a, b) => a + b, 0)).toBe(3);
    await post('reset');
    expect(((await get('stats')) as { requests: object }).requests).toEqual({});
  });

  it('seeds CDRs, rings a seat, and sets the push target without echoing its password', async () => {
    const seeded = await post('cdrs/seed', { count: 5 });
    expect((seeded.body.sessionIds as string[]).length).toBe(5);
    const now = Math.floor(Date.now() / 1000);
    const r = await call(commonClient(emu), 'DescribeTelCdr', {
      SdkAppId: emu.config.sdkAppId,
      StartTimeStamp: now - 2 * 86400,
      EndTimeStamp: now,
      PageSize: 100,
      PageNumber: 0,
    });
    expect(r.TotalCount).toBe(5);

    const ring = await post('inbound', { seatUserId: 'agent@example.com', caller: '13912345678' });
    const calls = (await get('calls')) as { calls: { sessionId: string; events: { name: string }[] }[] };
    expect(calls.calls.find((c) => c.sessionId === ring.body.sessionId)?.events.map((e) => e.name)).toEqual([
      'callIn',
    ]);

    const set = await post('push', { url: 'http://127.0.0.1:9/push', basicAuth: 'u:secret' }, 'PUT');
    expect(set.body).toEqual({ target: { url: 'http://127.0.0.1:9/push', basicAuth: true } });
    expect(JSON.stringify(await get('push'))).not.toContain('secret');
    await post('push', { url: null }, 'PUT');
    expect(await get('push')).toEqual({ target: null });
    const config = await get('config');
    expect(JSON.stringify(config)).not.toContain(emu.config.secretKey);
    expect((config.callees as { number: string }[]).map((c) => c.number)).toContain('13800138001');
  });
});
