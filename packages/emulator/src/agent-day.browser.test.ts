// The agent's day in Chromium: inbound calls offered only to free seats, declined and timed-out offers that
// move on through the skill group's queue, blind transfers to a seat or a group, and the chosen caller ID —
// each checked in the SDK events, the CDR and the data push.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cdrOf,
  clearLog,
  log,
  mintSdkUrl,
  names,
  openSdk,
  payloadOf,
  ready,
  readyBeforeAll,
  type SdkWorld,
  sdk,
  sdkWorld,
  statusesSeen,
} from './test-support/sdk-page.js';

const seat = (n: string) => ({ userId: `${n}@example.com`, name: n, role: 'agent' as const });
const A1 = 'a1@example.com';
const A2 = 'a2@example.com';
const A3 = 'a3@example.com';

let world: SdkWorld;
let receiver: Server;
let pushes: { action: string | null; body: Record<string, unknown> }[] = [];
const pages: Record<string, Page> = {};

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

async function signIn(userId: string): Promise<Page> {
  const page = await openSdk(world.browser, world.origin, await mintSdkUrl(world.emu, userId));
  await readyBeforeAll(page);
  pages[userId] = page;
  return page;
}

const page = (userId: string): Page => pages[userId] as Page;
const pushedCdr = async (sessionId: string) => {
  await world.emu.push.idle();
  return pushes.find((p) => p.action === 'cdr' && p.body.SessionId === sessionId)?.body;
};
const callOf = (sessionId: string) => world.emu.calls().find((c) => c.sessionId === sessionId);

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    pushes.push({ action: url.searchParams.get('action'), body: await readJson(req) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ErrCode":0,"ErrMsg":""}');
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  world = await sdkWorld({
    ringMs: 100,
    // Long enough that a loaded machine never times an offer out by accident (the time-out has its own test).
    inboundTimeoutMs: 15_000,
    queueTimeoutMs: 1500,
    pushUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push`,
    config: {
      seats: [seat('a1'), seat('a2'), seat('a3')],
      numbers: ['02160000000', '01060000000', '18600000000'],
      skillGroups: [
        { skillGroupId: 2001, name: '一线', members: [A1, A2], callOutNumbers: ['02160000000'] },
        { skillGroupId: 2002, name: '二线', members: [A3], callOutNumbers: ['18600000000'] },
      ],
    },
  });
  await signIn(A1);
  await signIn(A2);
});
beforeEach(async () => {
  pushes = [];
  for (const p of Object.values(pages)) await clearLog(p);
});
afterAll(async () => {
  await world?.close();
  await new Promise((r) => receiver?.close(r));
});

describe('inbound calls', () => {
  it('ends at once with 105 noSeatOnline when no seat of the group is signed in, offering it to nobody', async () => {
    const sessionId = world.emu.inbound({ caller: '13900001111', skillGroupId: 2002 });
    expect(callOf(sessionId)).toMatchObject({ phase: 'ended', endStatus: 105, participants: [] });
    expect(await names(page(A1))).toEqual([]);
    expect(await cdrOf(world.emu, sessionId)).toMatchObject({
      Direction: 0,
      EndStatus: 105,
      EndStatusString: 'noSeatOnline',
      HungUpSide: 'system',
      ServeParticipants: [],
      SeatUser: { Mail: '' },
      QueuedSkillGroupId: 2002,
    });
    expect(await pushedCdr(sessionId)).toMatchObject({ EndStatusString: 'noSeatOnline', Direction: 0 });
  });

  it('shows the customer as caller and the dialled line as callee, in the payload and the built-in UI', async () => {
    const sessionId = world.emu.inbound(A1, '13900001111', { line: '01060000000' });
    await expect.poll(() => names(page(A1))).toEqual(['callIn']);
    expect(await payloadOf(page(A1), 'callIn')).toEqual({
      sessionId,
      type: 'phone',
      timeout: 15,
      calleePhoneNumber: '01060000000',
      callerPhoneNumber: '13900001111',
      callerLocation: '',
      remark: '',
      ivrPath: [],
      serverType: 'staffSeat',
    });
    await sdk(page(A1), 'UI.showWorkbench');
    const bench = page(A1).locator('#tcccSdkWorkbench');
    expect(await bench.locator('[data-role=call-state]').textContent()).toBe('incoming call · 13900001111');
    expect(await bench.locator('[data-role=line]').textContent()).toBe('01060000000');
    expect((await sdk(page(A1), 'Call.accept', { sessionId })).status).toBe('success');
    await expect.poll(() => names(page(A1))).toEqual(['callIn', 'userAccessed']);
    expect(await bench.locator('[data-role=call-state]').textContent()).toBe('connected · 13900001111');
    expect(world.emu.hangUpAsCustomer(sessionId)).toBe(true);
    await expect.poll(() => names(page(A1))).toEqual(['callIn', 'userAccessed', 'sessionEnded']);
    await sdk(page(A1), 'UI.hideWorkbench');
    expect(await cdrOf(world.emu, sessionId)).toMatchObject({
      Caller: '008613900001111',
      Callee: '00861060000000',
      EndStatus: 1,
      HungUpSide: 'user',
      SeatUser: { Mail: A1 },
      SkillGroupId: 2001,
      QueuedSkillGroupName: '一线',
      ServeParticipants: [{ Mail: A1, Sequence: 0, EndStatusString: 'ok' }],
    });
  });

  it('moves a call the seat declines (Call.end) on to the next free seat of the group', async () => {
    const sessionId = world.emu.inbound(A1, '13900002222');
    await expect.poll(() => names(page(A1))).toEqual(['callIn']);
    expect((await sdk(page(A1), 'Call.end', { sessionId })).status).toBe('success');
    await expect.poll(() => names(page(A1))).toEqual(['callIn', 'sessionEnded']);
    expect((await payloadOf(page(A1), 'sessionEnded'))?.closeBy).toBe('seat');
    await expect.poll(() => names(page(A2))).toEqual(['callIn']);
    expect((await payloadOf(page(A2), 'callIn'))?.sessionId).toBe(sessionId);
    expect((await sdk(page(A2), 'Call.accept', { sessionId })).status).toBe('success');
    await expect.poll(() => names(page(A2))).toEqual(['callIn', 'userAccessed']);
    expect((await sdk(page(A2), 'Call.hungUp', { sessionId })).status).toBe('success');
    const cdr = await cdrOf(world.emu, sessionId);
    expect(cdr).toMatchObject({ EndStatus: 1, HungUpSide: 'seat', SeatUser: { Mail: A2 } });
    expect(cdr?.ServeParticipants).toMatchObject([
      { Mail: A1, Sequence: 0, AcceptTimestamp: 0, EndStatusString: 'seatGiveUp', RecordId: '' },
      { Mail: A2, Sequence: 1, EndStatusString: 'ok' },
    ]);
  });

  it('queues a call every seat declined until the customer gives up: 103 waitingGiveUp', async () => {
    const sessionId = world.emu.inbound(A1, '13900003333');
    await expect.poll(() => names(page(A1))).toEqual(['callIn']);
    await sdk(page(A1), 'Call.end', { sessionId });
    await expect.poll(() => names(page(A2))).toEqual(['callIn']);
    // hungUp on a ringing call rejects it too.
    await sdk(page(A2), 'Call.hungUp', { sessionId });
    await expect.poll(() => callOf(sessionId)?.phase).toBe('queued');
    await expect.poll(() => callOf(sessionId)?.endStatus, { timeout: 5000 }).toBe(103);
    expect(await cdrOf(world.emu, sessionId)).toMatchObject({
      EndStatus: 103,
      EndStatusString: 'waitingGiveUp',
      HungUpSide: 'user',
      Duration: 0,
    });
    expect(await pushedCdr(sessionId)).toMatchObject({ EndStatusString: 'waitingGiveUp' });
  });

  it('is not offered to a seat at rest or not ready; it queues, and rings the first seat to become free', async () => {
    expect((await sdk(page(A1), 'Agent.setStatus', { status: 'rest', restReason: '午餐' })).status).toBe(
      'success',
    );
    const toA2 = world.emu.inbound(A1, '13900004444');
    await expect.poll(() => names(page(A2))).toEqual(['callIn']);
    expect(await names(page(A1))).toEqual([]);
    world.emu.hangUpAsCustomer(toA2);
    await expect.poll(() => names(page(A2))).toEqual(['callIn', 'sessionEnded']);
    expect((await cdrOf(world.emu, toA2))?.EndStatus).toBe(104);
    expect((await cdrOf(world.emu, toA2))?.EndStatusString).toBe('ringingGiveUp');

    await sdk(page(A2), 'Agent.setStatus', { status: 'notReady' });
    await clearLog(page(A2));
    const queued = world.emu.inbound(A1, '13900005555');
    expect(callOf(queued)?.phase).toBe('queued');
    await sdk(page(A2), 'Agent.setStatus', { status: 'stopNotReady' });
    await expect.poll(() => names(page(A2))).toEqual(['callIn']);
    expect(await names(page(A1))).toEqual([]);
    // A seat ringing or on a call is not offered a second one.
    await sdk(page(A1), 'Agent.setStatus', { status: 'free' });
    expect((await sdk(page(A2), 'Call.accept', { sessionId: queued })).status).toBe('success');
    const second = world.emu.inbound(A2, '13900006666');
    await expect.poll(() => names(page(A1))).toEqual(['callIn']);
    expect((await names(page(A2))).filter((n) => n === 'callIn')).toHaveLength(1);
    world.emu.hangUpAsCustomer(queued);
    world.emu.hangUpAsCustomer(second);
    await expect.poll(() => names(page(A1))).toEqual(['callIn', 'sessionEnded']);
    expect((await cdrOf(world.emu, queued))?.QueuedTimestamp).toBeGreaterThan(0);
  });
});

describe('transfer', () => {
  it('hands a connected outbound call to another seat, which gets callIn and takes it', async () => {
    const a3 = await signIn(A3);
    const { data } = await sdk(page(A1), 'Call.startOutboundCall', {
      phoneNumber: '13800138000',
      uui: 't-1',
    });
    const sessionId = String(data?.sessionId);
    await expect.poll(() => names(page(A1))).toEqual(['callOuted', 'calloutAccepted']);
    const refused = await sdk(page(A1), 'Call.transfer', { sessionId, skillGroupId: '9999' });
    expect(refused).toMatchObject({ status: 'error', errorMsg: 'skill group 9999 does not exist' });
    expect((await sdk(page(A1), 'Call.transfer', { sessionId, userId: A3 })).status).toBe('success');
    await expect
      .poll(() => names(page(A1)))
      .toEqual(['callOuted', 'calloutAccepted', 'transfer', 'sessionEnded']);
    expect(await payloadOf(page(A1), 'transfer')).toEqual({ sessionId, userId: A3 });
    await expect.poll(() => names(a3)).toEqual(['callIn']);
    // To the new seat the customer is the caller; the line is the caller ID the first seat used.
    expect(await payloadOf(a3, 'callIn')).toMatchObject({
      sessionId,
      callerPhoneNumber: '13800138000',
      calleePhoneNumber: '02160000000',
    });
    expect((await sdk(a3, 'Call.accept', { sessionId })).status).toBe('success');
    await expect.poll(() => names(a3)).toEqual(['callIn', 'userAccessed']);
    expect(await statusesSeen(a3)).toEqual(['busy']);
    world.emu.hangUpAsCustomer(sessionId);
    await expect.poll(() => names(a3)).toEqual(['callIn', 'userAccessed', 'sessionEnded']);

    const cdr = await cdrOf(world.emu, sessionId);
    expect(cdr).toMatchObject({ EndStatus: 1, SeatUser: { Mail: A3 }, UUI: 't-1', HungUpSide: 'user' });
    const [first, second] = (cdr?.ServeParticipants ?? []) as Record<string, unknown>[];
    expect(first).toMatchObject({
      Mail: A1,
      Sequence: 0,
      TransferTo: A3,
      TransferToType: 'staffSeat',
      TransferFrom: '',
      EndStatusString: 'seatForward',
    });
    expect(second).toMatchObject({
      Mail: A3,
      Sequence: 1,
      TransferFrom: A1,
      TransferFromType: 'staffSeat',
      TransferTo: '',
      EndStatusString: 'ok',
    });
    expect(Number(second?.AcceptTimestamp)).toBeGreaterThanOrEqual(Number(first?.EndedTimestamp));
    expect(String(second?.RecordId)).not.toBe(String(first?.RecordId));
    const pushed = await pushedCdr(sessionId);
    expect(pushed?.SeatUser).toMatchObject({ Mail: A3 });
    expect(((pushed?.ServeParticipants ?? []) as { Mail: string }[]).map((p) => p.Mail)).toEqual([A1, A3]);
    const records = pushes.filter((p) => p.action === 'record' && p.body.SessionId === sessionId);
    expect(records.map((r) => r.body.EndpointUser)).toEqual(['008613800138000', A1, A3]);
  });

  it('lists the skill groups to transfer to (Admin.getSkillGroups)', async () => {
    expect(await sdk(page(A1), 'Admin.getSkillGroups')).toEqual({
      status: 'success',
      data: [
        { skillGroupName: '一线', skillGroupId: '2001' },
        { skillGroupName: '二线', skillGroupId: '2002' },
      ],
    });
  });

  it('rings a free member when transferred to a skill group, and refuses a target that cannot take it', async () => {
    const sessionId = world.emu.inbound(A1, '13900008888');
    await expect.poll(() => names(page(A1))).toEqual(['callIn']);
    await sdk(page(A1), 'Call.accept', { sessionId });
    await expect.poll(() => names(page(A1))).toEqual(['callIn', 'userAccessed']);
    await sdk(page(A3), 'Agent.setStatus', { status: 'rest' });
    const busy = await sdk(page(A1), 'Call.transfer', { sessionId, userId: A3 });
    expect(busy).toMatchObject({
      status: 'error',
      errorMsg: `transfer target ${A3} cannot take the call now (rest)`,
    });
    const none = await sdk(page(A1), 'Call.transfer', { sessionId, skillGroupId: '2002' });
    expect(none.errorMsg).toBe('no seat of skill group 2002 is free to take the call');
    await sdk(page(A3), 'Agent.setStatus', { status: 'free' });
    expect((await sdk(page(A1), 'Call.transfer', { sessionId, skillGroupId: '2002' })).status).toBe(
      'success',
    );
    await expect.poll(() => payloadOf(page(A1), 'transfer')).toEqual({ sessionId, skillGroupId: '2002' });
    await expect.poll(() => names(page(A3))).toEqual(['callIn']);
    await sdk(page(A3), 'Call.accept', { sessionId });
    await sdk(page(A3), 'Call.hungUp', { sessionId });
    const cdr = await cdrOf(world.emu, sessionId);
    expect(cdr).toMatchObject({ Direction: 0, SkillGroupId: 2002, HungUpSide: 'seat' });
    expect(cdr?.ServeParticipants).toMatchObject([
      { Mail: A1, SkillGroupId: 2001, TransferTo: A3, EndStatusString: 'seatForward' },
      { Mail: A3, SkillGroupId: 2002, TransferFrom: A1, EndStatusString: 'ok' },
    ]);
  });
});

describe('caller ID and status', () => {
  it('dials out with the chosen caller number, or the group’s bound one, and refuses one the app does not have', async () => {
    const { data } = await sdk(page(A2), 'Call.startOutboundCall', {
      phoneNumber: '01087654321',
      callerPhoneNumber: '01060000000',
    });
    expect(data?.callerPhoneNumber).toBe('01060000000');
    const sessionId = String(data?.sessionId);
    await expect.poll(() => names(page(A2))).toEqual(['callOuted', 'calloutAccepted']);
    expect((await payloadOf(page(A2), 'callOuted'))?.callerPhoneNumber).toBe('01060000000');
    await sdk(page(A2), 'Call.hungUp', { sessionId });
    expect(await cdrOf(world.emu, sessionId)).toMatchObject({ Caller: '00861060000000' });
    expect(await pushedCdr(sessionId)).toMatchObject({ Caller: '00861060000000' });

    const grouped = await sdk(page(A2), 'Call.startOutboundCall', {
      phoneNumber: '13800138001',
      skillGroupId: '2002',
    });
    expect(grouped.data?.callerPhoneNumber).toBe('18600000000');
    await expect.poll(() => names(page(A2), ['sessionEnded'])).toEqual(['sessionEnded', 'sessionEnded']);

    const before = world.emu.calls().length;
    const wrong = await sdk(page(A2), 'Call.startOutboundCall', {
      phoneNumber: '13800138000',
      callerPhoneNumber: '02199999999',
    });
    expect(wrong).toEqual({
      status: 'error',
      errorMsg: 'callerPhoneNumber 02199999999 is not an outbound number of this app',
    });
    expect(world.emu.calls().length).toBe(before);
  });

  it('reports every status change with statusChanged, and getStatus follows it', async () => {
    const p = page(A2);
    for (const status of ['rest', 'notReady', 'arrange', 'free'])
      expect((await sdk(p, 'Agent.setStatus', { status, restReason: 'x' })).status).toBe('success');
    await sdk(p, 'Agent.setStatus', { status: 'notReady' });
    await sdk(p, 'Agent.setStatus', { status: 'stopNotReady' });
    await expect
      .poll(() => statusesSeen(p))
      .toEqual(['rest', 'notReady', 'arrange', 'free', 'notReady', 'free']);
    // The event carries the status only, as the SDK documents it.
    expect((await log(p)).find((e) => e.name === 'statusChanged')?.payload).toEqual({ status: 'rest' });
    expect(
      await p.evaluate(() =>
        (window as unknown as { tccc: { Agent: { getStatus(): string } } }).tccc.Agent.getStatus(),
      ),
    ).toBe('free');
  });
});

describe('an offer nobody answers', () => {
  let quick: SdkWorld;
  beforeAll(async () => {
    quick = await sdkWorld({ inboundTimeoutMs: 1500, queueTimeoutMs: 1000, config: { seats: [seat('a3')] } });
  });
  afterAll(() => quick?.close());

  it('times out after callIn.timeout: autoTransfer and sessionEnded (timer), then the queue, then 103', async () => {
    const a3 = await openSdk(quick.browser, quick.origin, await mintSdkUrl(quick.emu, A3));
    await ready(a3);
    const sessionId = quick.emu.inbound(A3, '13900007777');
    await expect.poll(() => names(a3)).toEqual(['callIn']);
    expect((await payloadOf(a3, 'callIn'))?.timeout).toBe(2);
    await expect.poll(() => names(a3), { timeout: 5000 }).toEqual(['callIn', 'autoTransfer', 'sessionEnded']);
    expect((await payloadOf(a3, 'sessionEnded'))?.closeBy).toBe('timer');
    const call = () => quick.emu.calls().find((c) => c.sessionId === sessionId);
    await expect.poll(() => call()?.endStatus, { timeout: 5000 }).toBe(103);
    expect(call()?.participants).toMatchObject([{ seatUserId: A3, endStatusString: 'seatGiveUp' }]);
    expect((await cdrOf(quick.emu, sessionId))?.ServeParticipants).toMatchObject([
      { Mail: A3, EndStatusString: 'seatGiveUp', AcceptTimestamp: 0 },
    ]);
  });
});
