// The HTTP control API: the same controls as the JS handle, for servers running in another process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { call, commonClient } from './test-support/common-client.js';
import { headlessSeat } from './test-support/headless-seat.js';
import { rawRequest } from './test-support/raw-http.js';

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
    const group = await post('inbound', { skillGroupId: 4242, caller: '13912345678' });
    expect(group).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_SKILL_GROUP' } } });
    const line = await post('inbound', { caller: '13912345678', line: '02188888888' });
    expect(line).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_NUMBER' } } });
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

    // TCCC offers calls only to seats online: log one in, as its SDK would.
    const seat = await headlessSeat(emu, 'agent@example.com');
    const ring = await post('inbound', { seatUserId: 'agent@example.com', caller: '13912345678' });
    const calls = (await get('calls')) as { calls: { sessionId: string; events: { name: string }[] }[] };
    expect(calls.calls.find((c) => c.sessionId === ring.body.sessionId)?.events.map((e) => e.name)).toEqual([
      'callIn',
    ]);
    // The line the customer dialled, and the queue the call took: the one of the seat's first group.
    const line = await post('inbound', { caller: '13912345678', line: '4001234567', skillGroupId: 1002 });
    const lined = ((await get('calls')) as { calls: Record<string, unknown>[] }).calls.find(
      (c) => c.sessionId === line.body.sessionId,
    );
    // Nobody of 售后专席 is signed in: the call ended at once, 105 noSeatOnline, offered to nobody.
    expect(lined).toMatchObject({
      callee: '4001234567',
      skillGroupId: 1002,
      endStatus: 105,
      participants: [],
    });
    await post(`calls/${ring.body.sessionId}/hangup`);
    seat.close();

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

describe('number protection over HTTP', () => {
  it('turns number mapping on and off, and never echoes its password', async () => {
    expect(await get('number-mapping')).toEqual({ numberMapping: null });
    const on = await post(
      'number-mapping',
      { url: 'http://127.0.0.1:9/api/tccc/number-mapping', basicAuth: 'tccc:map-secret' },
      'PUT',
    );
    expect(on).toEqual({
      status: 200,
      body: { numberMapping: { url: 'http://127.0.0.1:9/api/tccc/number-mapping', basicAuth: true } },
    });
    expect(emu.numberMapping.target()?.url).toBe('http://127.0.0.1:9/api/tccc/number-mapping');
    expect(JSON.stringify(await get('number-mapping'))).not.toContain('map-secret');
    const bad = await post('number-mapping', { url: 'ftp://x.example/' }, 'PUT');
    expect(bad.status).toBe(400);
    expect(String((bad.body.error as { message: string }).message)).toMatch(/^url:/);
    await post('number-mapping', { url: null }, 'PUT');
    expect(await get('number-mapping')).toEqual({ numberMapping: null });
  });

  it('asks PhoneToUID for an inbound caller before the call can ring anyone', async () => {
    const asked: unknown[] = [];
    const endpoint = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      asked.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"Code":0,"Results":[{"Key":"008613912345678","Value":"cust-7"}]}');
    });
    await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/map`;
    await post('number-mapping', { url }, 'PUT');
    const seat = await headlessSeat(emu, 'agent2@example.com');
    try {
      const ring = await post('inbound', { seatUserId: 'agent2@example.com', caller: '13912345678' });
      await expect.poll(() => seat.events.map((e) => e.name)).toEqual(['callIn']);
      expect(asked).toEqual([{ Numbers: ['008613912345678'], Mode: 'PhoneToUID' }]);
      expect(seat.events[0]?.payload).toMatchObject({ callerPhoneNumber: '', protectedCaller: 'cust-7' });
      await post(`calls/${ring.body.sessionId}/hangup`);
    } finally {
      seat.close();
      await post('number-mapping', { url: null }, 'PUT');
      await new Promise((r) => endpoint.close(r));
    }
  });
});

describe('control API and foreign web pages', () => {
  const evil = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

  it('refuses a request from another site with 403 and no CORS grant, and does not act on it', async () => {
    await post('reset');
    await post('cdrs/seed', { count: 2 });
    const reset = await rawRequest(emu.port, 'POST', '/_emulator/reset', evil);
    expect(reset.status).toBe(403);
    expect(JSON.parse(reset.body)).toMatchObject({ error: { code: 'FOREIGN_ORIGIN' } });
    expect(JSON.parse(reset.body).error.message).toContain('https://evil.example');
    expect(reset.headers['access-control-allow-origin']).toBeUndefined();
    const push = await rawRequest(
      emu.port,
      'PUT',
      '/_emulator/push',
      { ...evil, 'content-type': 'application/json' },
      JSON.stringify({ url: 'https://evil.example/steal' }),
    );
    expect(push.status).toBe(403);
    expect(await get('push')).toEqual({ target: null });
    const calls = await rawRequest(emu.port, 'GET', '/_emulator/calls', evil);
    expect(calls.status).toBe(403);
    // Nothing was reset: the seeded CDRs are still there.
    const now = Math.floor(Date.now() / 1000);
    const cdrs = await call(commonClient(emu), 'DescribeTelCdr', {
      SdkAppId: emu.config.sdkAppId,
      StartTimeStamp: now - 2 * 86400,
      EndTimeStamp: now,
      PageSize: 10,
      PageNumber: 0,
    });
    expect(cdrs.TotalCount).toBe(2);
  });

  it('refuses the preflight, a null origin, a cross-site request without Origin and a rebound host name', async () => {
    const preflight = await rawRequest(emu.port, 'OPTIONS', '/_emulator/reset', {
      ...evil,
      'access-control-request-method': 'POST',
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect((await rawRequest(emu.port, 'GET', '/_emulator/stats', { origin: 'null' })).status).toBe(403);
    expect(
      (await rawRequest(emu.port, 'GET', '/_emulator/config', { 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(403);
    // A DNS-rebinding page reaches us under its own name, same-origin.
    const rebound = await rawRequest(emu.port, 'GET', '/_emulator/config', {
      host: `evil.example:${emu.port}`,
      'sec-fetch-site': 'same-origin',
    });
    expect(rebound.status).toBe(403);
  });

  it('answers loopback pages with their own origin (never *), and scripts without browser headers', async () => {
    const page = 'http://localhost:5173';
    const preflight = await rawRequest(emu.port, 'OPTIONS', '/_emulator/reset', {
      origin: page,
      'sec-fetch-site': 'cross-site',
      'access-control-request-method': 'POST',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(page);
    const stats = await rawRequest(emu.port, 'GET', '/_emulator/stats', {
      origin: page,
      'sec-fetch-site': 'cross-site',
    });
    expect(stats.status).toBe(200);
    expect(stats.headers['access-control-allow-origin']).toBe(page);
    const own = await rawRequest(emu.port, 'GET', '/_emulator/stats', {
      origin: `http://127.0.0.1:${emu.port}`,
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(200);
    const script = await rawRequest(emu.port, 'GET', '/_emulator/stats');
    expect(script.status).toBe(200);
    expect(script.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps serving the SDK script, its backend and signed recordings to any page, as TCCC does', async () => {
    const sdk = await rawRequest(emu.port, 'GET', '/sdk/tccc.js', evil);
    expect(sdk.status).toBe(200);
    expect(sdk.headers['access-control-allow-origin']).toBe('*');
    const backend = await rawRequest(emu.port, 'OPTIONS', '/sdk/login', {
      ...evil,
      'access-control-request-method': 'POST',
    });
    expect(backend.status).toBe(204);
    expect(backend.headers['access-control-allow-origin']).toBe('*');
    const [sessionId] = emu.seedCdrs({ count: 1 });
    const now = Math.floor(Date.now() / 1000);
    const cdr = await call(commonClient(emu), 'DescribeTelCdr', {
      SdkAppId: emu.config.sdkAppId,
      StartTimeStamp: now - 2 * 86400,
      EndTimeStamp: now,
      PageSize: 10,
      PageNumber: 0,
      SessionIds: [sessionId],
    });
    const recordUrl = new URL(String((cdr.TelCdrList as { RecordURL: string }[])[0]?.RecordURL));
    const audio = await rawRequest(emu.port, 'GET', `${recordUrl.pathname}${recordUrl.search}`, evil);
    expect(audio.status).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/wav');
  });
});
