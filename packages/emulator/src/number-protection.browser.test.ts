// Number protection (真实号码映射为用户ID) in Chromium: the agent dials a user ID, TCCC asks the customer's
// mapping endpoint (UIDToPhone) before dialling, and no event, CDR or push shows the agent side the number;
// every way the endpoint can fail fails the call with an errorMsg that says which, and places nothing.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, commonClient } from './test-support/common-client.js';
import {
  cdrOf,
  clearLog,
  log,
  mediaState,
  mintSdkUrl,
  names,
  openSdk,
  payloadOf,
  readyBeforeAll,
  type SdkWorld,
  sdk,
  sdkWorld,
} from './test-support/sdk-page.js';

const AGENT = 'masked@example.com';
const REAL = '13800138000';

interface MappingRequest {
  authorization: string | undefined;
  body: { Numbers: string[]; Mode: string };
}

let world: SdkWorld;
let mapper: Server;
let mapperUrl: string;
let requests: MappingRequest[] = [];
let pushes: { action: string | null; body: Record<string, unknown> }[] = [];
let receiver: Server;
let page: Page;

async function readJson<T>(req: IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
}

/** The customer's mapping endpoint: a table of IDs, and one ID per way of failing. */
async function answerMapping(req: IncomingMessage): Promise<{ status: number; body: string } | 'hang'> {
  const body = await readJson<MappingRequest['body']>(req);
  requests.push({ authorization: req.headers.authorization, body });
  const key = body.Numbers[0] ?? '';
  const ok = (value: string) => ({
    status: 200,
    body: JSON.stringify({ Code: 0, Results: [{ Key: key, Value: value }] }),
  });
  if (body.Mode === 'PhoneToUID') return key === '008613900009999' ? ok('') : ok(`U-${key.slice(-4)}`);
  switch (key) {
    case 'C1001':
      return ok(`0086${REAL}`);
    case 'C-refused':
      return { status: 200, body: '{"Code":1001,"Results":[]}' };
    case 'C-missing':
      return { status: 200, body: '{"Code":0,"Results":[{"Key":"someone-else","Value":"008613800138000"}]}' };
    case 'C-5xx':
      return { status: 503, body: 'unavailable' };
    case 'C-garbled':
      return { status: 200, body: '{"Code":0,"Results":' };
    case 'C-national':
      return ok(REAL);
    case 'C-slow':
      return 'hang';
    default:
      return { status: 200, body: '{"Code":404,"Results":[]}' };
  }
}

beforeAll(async () => {
  mapper = createServer(async (req, res) => {
    const a = await answerMapping(req);
    if (a === 'hang') return; // never answers: the emulator's timeout must end the wait
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(a.body);
  });
  await new Promise<void>((r) => mapper.listen(0, '127.0.0.1', r));
  mapperUrl = `http://127.0.0.1:${(mapper.address() as AddressInfo).port}/api/tccc/number-mapping`;
  receiver = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    pushes.push({ action: url.searchParams.get('action'), body: await readJson(req) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ErrCode":0}');
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  world = await sdkWorld({
    ringMs: 100,
    numberMapping: { url: mapperUrl, basicAuth: 'tccc:map-secret' },
    numberMappingTimeoutMs: 500,
    pushUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push`,
    config: { seats: [{ userId: AGENT, name: 'Masked' }] },
  });
  page = await openSdk(world.browser, world.origin, await mintSdkUrl(world.emu, AGENT));
  await readyBeforeAll(page);
});
beforeEach(async () => {
  requests = [];
  pushes = [];
  await clearLog(page);
});
afterAll(async () => {
  await world?.close();
  await new Promise((r) => mapper?.close(r));
  await new Promise((r) => receiver?.close(r));
});

const window = () => {
  const now = Math.floor(Date.now() / 1000);
  return { SdkAppId: world.emu.config.sdkAppId, StartTimeStamp: now - 600, EndTimeStamp: now + 5 };
};

describe('number protection: outbound by user ID', () => {
  it('asks UIDToPhone with basic auth, dials the number, and shows the agent only the ID', async () => {
    const res = await sdk(page, 'Call.startOutboundCall', { phoneNumber: 'C1001', uui: 'm-1' });
    expect(res.status).toBe('success');
    expect(requests).toEqual([
      {
        authorization: `Basic ${Buffer.from('tccc:map-secret').toString('base64')}`,
        body: { Numbers: ['C1001'], Mode: 'UIDToPhone' },
      },
    ]);
    const sessionId = String(res.data?.sessionId);
    expect(res.data).toMatchObject({ calleePhoneNumber: '', protectedCallee: 'C1001' });
    await expect.poll(() => names(page)).toEqual(['callOuted', 'calloutAccepted']);
    expect(await payloadOf(page, 'callOuted')).toMatchObject({
      sessionId,
      calleePhoneNumber: '',
      protectedCallee: 'C1001',
      callerPhoneNumber: '02160000000',
    });
    // What was really dialled is the carrier's business: the control API shows it.
    expect(world.emu.calls().find((c) => c.sessionId === sessionId)).toMatchObject({
      callee: REAL,
      protectedCallee: 'C1001',
    });
    await sdk(page, 'UI.showWorkbench');
    expect(await page.locator('[data-role=call-state]').textContent()).toBe('connected · C1001');
    await sdk(page, 'Call.hungUp', { sessionId });
    await expect.poll(() => names(page)).toEqual(['callOuted', 'calloutAccepted', 'sessionEnded']);
    expect(JSON.stringify(await log(page))).not.toContain(REAL.slice(3));
    expect(await page.locator('#tcccSdkDomRoot').textContent()).not.toContain(REAL.slice(3));
    await sdk(page, 'UI.hideWorkbench');

    const cdr = await cdrOf(world.emu, sessionId);
    expect(cdr).toMatchObject({
      Callee: '',
      ProtectedCallee: 'C1001',
      Caller: '00862160000000',
      ProtectedCaller: '',
      UUI: 'm-1',
    });
    const masked = await call(commonClient(world.emu), 'DescribeProtectedTelCdr', {
      ...window(),
      PageSize: 10,
      PageNumber: 0,
    });
    expect((masked.TelCdrList as { SessionId: string }[]).map((c) => c.SessionId)).toContain(sessionId);
    expect(JSON.stringify(masked)).not.toContain(REAL.slice(3));
    const detail = await call(commonClient(world.emu), 'DescribeSessionDetail', {
      SdkAppId: world.emu.config.sdkAppId,
      SessionId: sessionId,
      StartTimestamp: window().StartTimeStamp,
      EndTimestamp: window().EndTimeStamp,
    });
    expect(detail).toMatchObject({ Callee: '', Caller: '00862160000000' });

    await world.emu.push.idle();
    const pushed = pushes.find((p) => p.action === 'cdr' && p.body.SessionId === sessionId)?.body;
    expect(pushed).toMatchObject({ Callee: '', ProtectedCallee: 'C1001', TelLocation: { TelNumber: '' } });
    const records = pushes.filter((p) => p.action === 'record' && p.body.SessionId === sessionId);
    expect(records.map((r) => r.body.EndpointUser)).toEqual(['C1001', AGENT]);
    expect(JSON.stringify(pushes)).not.toContain(REAL.slice(3));
  });

  it.each([
    [
      'C-refused',
      'a refusal (Code ≠ 0)',
      /^Number mapping refused the user ID \(Code 1001\)\. No call was placed\.$/,
    ],
    ['C-missing', 'no Result for the ID', /^Number mapping refused the user ID \(no Result for it\)/],
    ['C-5xx', 'a 503', /^Number mapping endpoint unreachable \(HTTP 503\)/],
    ['C-slow', 'no answer in time', /^Number mapping endpoint unreachable \(timed out after 500 ms\)/],
    ['C-garbled', 'a broken body', /^Number mapping endpoint answered malformed \(the answer is not JSON\)/],
    [
      'C-national',
      'a number without its country code',
      /^Number mapping endpoint answered malformed \(the Value is not a number with its country code/,
    ],
  ])('fails the call and places nothing on %s (%s)', async (id, _what, message) => {
    const calls = world.emu.calls().length;
    const cdrs = await call(commonClient(world.emu), 'DescribeTelCdr', {
      ...window(),
      PageSize: 100,
      PageNumber: 0,
    });
    const res = await sdk(page, 'Call.startOutboundCall', { phoneNumber: id });
    expect(res.status).toBe('error');
    expect(res.errorMsg).toMatch(message);
    expect(res.errorMsg).not.toContain(REAL.slice(3));
    expect(world.emu.calls().length).toBe(calls);
    const after = await call(commonClient(world.emu), 'DescribeTelCdr', {
      ...window(),
      PageSize: 100,
      PageNumber: 0,
    });
    expect(after.TotalCount).toBe(cdrs.TotalCount);
    expect(await names(page)).toEqual([]);
    // The microphone opened for the call is let go again.
    const { tracks } = await mediaState(page);
    expect(tracks.length).toBeGreaterThan(0);
    expect(tracks.every((t) => t.state === 'ended')).toBe(true);
  });

  it('dials a real number without asking the endpoint when phoneEncodeType is number', async () => {
    const res = await sdk(page, 'Call.startOutboundCall', {
      phoneNumber: '13800138011',
      phoneEncodeType: 'number',
    });
    expect(res.data).toMatchObject({ calleePhoneNumber: '13800138011' });
    expect(res.data?.protectedCallee).toBeUndefined();
    await expect
      .poll(() => names(page), { timeout: 5000 })
      .toEqual(['callOuted', 'calloutAccepted', 'sessionEnded']);
    expect(requests).toEqual([]);
    expect(await cdrOf(world.emu, String(res.data?.sessionId))).toMatchObject({
      Callee: '008613800138011',
      ProtectedCallee: '',
    });
  });

  it('refuses a phone number where a user ID is expected only when it is not one (IDs may be digits)', async () => {
    const res = await sdk(page, 'Call.startOutboundCall', { phoneNumber: 'has space' });
    expect(res).toEqual({
      status: 'error',
      errorMsg: 'phoneNumber: must be a user ID while number protection is on',
    });
    expect(requests).toEqual([]);
  });
});

describe('number protection: inbound callers', () => {
  it('asks PhoneToUID before ringing, and the seat sees only the ID', async () => {
    const sessionId = world.emu.inbound(AGENT, '13912345678');
    await expect.poll(() => names(page)).toEqual(['callIn']);
    expect(requests).toEqual([
      {
        authorization: expect.stringMatching(/^Basic /),
        body: { Numbers: ['008613912345678'], Mode: 'PhoneToUID' },
      },
    ]);
    expect(await payloadOf(page, 'callIn')).toMatchObject({
      sessionId,
      callerPhoneNumber: '',
      protectedCaller: 'U-5678',
      calleePhoneNumber: '02160000000',
    });
    await sdk(page, 'UI.showWorkbench');
    expect(await page.locator('[data-role=call-state]').textContent()).toBe('incoming call · U-5678');
    await sdk(page, 'UI.hideWorkbench');
    await sdk(page, 'Call.accept', { sessionId });
    world.emu.hangUpAsCustomer(sessionId);
    await expect.poll(() => names(page)).toEqual(['callIn', 'userAccessed', 'sessionEnded']);
    expect(JSON.stringify(await log(page))).not.toContain('12345678');
    expect(await cdrOf(world.emu, sessionId)).toMatchObject({
      Caller: '',
      ProtectedCaller: 'U-5678',
      Callee: '00862160000000',
    });
  });

  it('offers the call as an unknown caller when the endpoint gives no ID', async () => {
    const sessionId = world.emu.inbound(AGENT, '13900009999');
    await expect.poll(() => names(page)).toEqual(['callIn']);
    expect(await payloadOf(page, 'callIn')).toMatchObject({ callerPhoneNumber: '', protectedCaller: '' });
    world.emu.hangUpAsCustomer(sessionId);
    await expect.poll(() => names(page)).toEqual(['callIn', 'sessionEnded']);
    expect(await cdrOf(world.emu, sessionId)).toMatchObject({
      Caller: '',
      ProtectedCaller: '',
      EndStatus: 104,
    });
  });
});
