// The supervisor's floor through the official client: live seat statuses with today's durations, and the
// live inbound queue per skill group and line, from seats signed in as the SDK signs in.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { call, commonClient } from './test-support/common-client.js';
import { type HeadlessSeat, headlessSeat } from './test-support/headless-seat.js';

let emu: Emulator;
/** The emulator's clock runs this far ahead: time passing, within the signatures' 300 s. */
let aheadMs = 0;
const seats: HeadlessSeat[] = [];
const app = () => emu.config.sdkAppId;
const clockS = () => Math.floor((Date.now() + aheadMs) / 1000);

async function signIn(userId: string): Promise<HeadlessSeat> {
  const seat = await headlessSeat(emu, userId);
  seats.push(seat);
  return seat;
}

const metricsOf = async (params: Record<string, unknown> = {}) =>
  (await call(commonClient(emu), 'DescribeStaffStatusMetrics', { SdkAppId: app(), ...params }))
    .Metrics as Record<string, unknown>[];

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    ringMs: 50,
    afterCallWorkMs: 60_000,
    now: () => Date.now() + aheadMs,
  });
});
afterEach(() => {
  for (const s of seats.splice(0)) s.close();
  emu.reset();
  aheadMs = 0;
});
afterAll(() => emu.close());

describe('DescribeStaffStatusMetrics', () => {
  it('shows every seat offline before anyone signs in', async () => {
    const metrics = await metricsOf();
    expect(metrics.map((m) => [m.Email, m.Status, m.OnlineDuration, m.ClientInfo])).toEqual([
      ['agent@example.com', 'offline', 0, []],
      ['agent2@example.com', 'offline', 0, []],
      ['supervisor@example.com', 'offline', 0, []],
    ]);
  });

  it('counts seconds in each status since sign-in, with the rest reason and the time of the last change', async () => {
    const signedInAt = clockS();
    const seat = await signIn('agent@example.com');
    aheadMs += 60_000;
    expect(await seat.post('status', { status: 'rest', restReason: '午餐' })).toEqual({ status: 'rest' });
    const restAt = clockS();
    aheadMs += 30_000;
    const [m] = await metricsOf({ StaffList: ['agent@example.com'] });
    expect(m).toMatchObject({
      Email: 'agent@example.com',
      Status: 'rest',
      StatusExtra: {},
      Reason: '午餐',
      FreeDuration: 60,
      RestDuration: 30,
      BusyDuration: 0,
      NotReadyDuration: 0,
      AfterCallWorkDuration: 0,
      OnlineDuration: 90,
      ReserveRest: false,
      ReserveNotReady: false,
      UseMobileAccept: 0,
      UseMobileCallOut: false,
      ClientInfo: [{ ClientType: 'Web', IsConnected: true }],
    });
    expect(Math.abs(Number(m?.LastOnlineTimestamp) - signedInAt)).toBeLessThanOrEqual(1);
    expect(Math.abs(Number(m?.LastStatusTimestamp) - restAt)).toBeLessThanOrEqual(1);
  });

  it('is busy on a call (tel, out), in after-call work afterwards, and filters by status, group and seat', async () => {
    const agent = await signIn('agent@example.com');
    await signIn('agent2@example.com');
    const placed = await agent.post('call', { phoneNumber: '13800138000' });
    expect(placed.sessionId).toBeDefined();
    const [busy] = await metricsOf({ StatusList: ['busy'] });
    expect(busy).toMatchObject({
      Email: 'agent@example.com',
      Status: 'busy',
      StatusExtra: { Type: 'tel', Direct: 'out' },
    });
    aheadMs += 20_000;
    await agent.post('hangup', { sessionId: placed.sessionId });
    const [acw] = await metricsOf({ StaffList: ['agent@example.com'] });
    expect(acw).toMatchObject({ Status: 'afterCallWork', BusyDuration: 20 });
    const group = await metricsOf({ GroupIdList: [1002] });
    expect(group.map((m) => [m.Email, m.Status])).toEqual([
      ['agent2@example.com', 'free'],
      ['supervisor@example.com', 'offline'],
    ]);
    expect(await metricsOf({ StatusList: ['notReady'] })).toEqual([]);
    const bad = await call(commonClient(emu), 'DescribeStaffStatusMetrics', {
      SdkAppId: app(),
      StatusList: ['away'],
    });
    expect(bad).toMatchObject({
      code: 'InvalidParameterValue',
      message: expect.stringContaining('`StatusList.0`'),
    });
  });

  it('shows a seat that signed out (Agent.offline) as offline', async () => {
    const seat = await signIn('agent2@example.com');
    await seat.post('status', { status: 'offline' });
    const [m] = await metricsOf({ StaffList: ['agent2@example.com'] });
    expect(m).toMatchObject({ Status: 'offline' });
  });
});

describe('DescribeCallInMetrics', () => {
  it('counts the live inbound calls queued, ringing and connected, in total, per skill group and per line', async () => {
    const agent = await signIn('agent@example.com');
    const agent2 = await signIn('agent2@example.com');
    await agent2.post('status', { status: 'rest' });
    // 电话客服 rings the free agent; 售后专席 has agent2 at rest and nobody else signed in: it queues.
    const ringing = emu.inbound({ caller: '13911112222', skillGroupId: 1001 });
    const queued = emu.inbound({ caller: '13933334444', skillGroupId: 1002, line: '4001234567' });
    await expect.poll(() => agent.events.map((e) => e.name)).toContain('callIn');
    aheadMs += 20_000;
    const first = await call(commonClient(emu), 'DescribeCallInMetrics', {
      SdkAppId: app(),
      EnabledNumber: true,
    });
    expect(Math.abs(Number(first.Timestamp) - clockS())).toBeLessThanOrEqual(1);
    expect(first.TotalMetrics).toMatchObject({
      IvrCount: 0,
      QueueCount: 1,
      RingCount: 1,
      AcceptCount: 0,
      TransferOuterCount: 0,
      MaxQueueDuration: 20,
      AvgQueueDuration: 20,
      MaxRingDuration: 20,
    });
    expect(first.SkillGroupMetrics).toEqual([
      expect.objectContaining({
        SkillGroupId: 1001,
        Name: '电话客服',
        Metrics: expect.objectContaining({ RingCount: 1, QueueCount: 0 }),
      }),
      expect.objectContaining({
        SkillGroupId: 1002,
        Name: '售后专席',
        Metrics: expect.objectContaining({ RingCount: 0, QueueCount: 1 }),
      }),
    ]);
    const lines = first.NumberMetrics as { Number: string; Metrics: Record<string, number> }[];
    expect(lines.map((l) => [l.Number, l.Metrics.RingCount, l.Metrics.QueueCount])).toEqual([
      ['02160000000', 1, 0],
      ['4001234567', 0, 1],
      ['01060000000', 0, 0],
      ['18600000000', 0, 0],
    ]);

    await agent.post('accept', { sessionId: ringing });
    aheadMs += 10_000;
    const second = await call(commonClient(emu), 'DescribeCallInMetrics', {
      SdkAppId: app(),
      GroupIdList: [1001],
    });
    expect(second.TotalMetrics).toMatchObject({
      AcceptCount: 1,
      RingCount: 0,
      QueueCount: 1,
      MaxAcceptDuration: 10,
    });
    expect((second.SkillGroupMetrics as { SkillGroupId: number }[]).map((g) => g.SkillGroupId)).toEqual([
      1001,
    ]);
    // Lines only when asked for (EnabledNumber defaults to false); groups unless switched off.
    expect(second.NumberMetrics).toEqual([]);
    const none = await call(commonClient(emu), 'DescribeCallInMetrics', {
      SdkAppId: app(),
      EnabledSkillGroup: false,
    });
    expect(none.SkillGroupMetrics).toEqual([]);

    emu.hangUpAsCustomer(ringing);
    emu.hangUpAsCustomer(queued);
    const after = await call(commonClient(emu), 'DescribeCallInMetrics', { SdkAppId: app() });
    expect(after.TotalMetrics).toMatchObject({
      QueueCount: 0,
      RingCount: 0,
      AcceptCount: 0,
      MaxQueueDuration: 0,
    });
  });
});
