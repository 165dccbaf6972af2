// The cloud API as the official client sees it: every error code, paging, the rate limit, recordings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { call, commonClient } from './test-support/common-client.js';

let emu: Emulator;
/** The emulator's clock runs `skewMs` ahead of the client's. */
let skewMs = 0;
const app = (): number => emu.config.sdkAppId;
const nowS = (): number => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  emu = await startEmulator({ port: 0, now: () => Date.now() + skewMs, recordUrlTtlSeconds: 60 });
});
afterAll(() => emu.close());

describe('signatures (TC3-HMAC-SHA256)', () => {
  it('answers a correctly signed request with the result and a RequestId', async () => {
    const r = await call(commonClient(emu), 'CreateSDKLoginToken', {
      SdkAppId: app(),
      SeatUserId: 'agent@example.com',
    });
    expect(String(r.SdkURL)).toMatch(
      new RegExp(`^${emu.baseUrl}/sdk/tccc\\.js\\?sdkAppId=1400000001&userid=agent%40example\\.com&token=`),
    );
    expect(r.Token).toMatch(/^[0-9a-f]{48}$/);
    expect(Number(r.ExpiredTime) - nowS()).toBeGreaterThanOrEqual(599);
    expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('mints single-use tokens unless OnlyOnce is false', async () => {
    // Logs in the way the SDK script does (its internal POST /sdk/login), twice per token.
    const loginTwice = async (onlyOnce?: boolean) => {
      const r = await call(commonClient(emu), 'CreateSDKLoginToken', {
        SdkAppId: app(),
        SeatUserId: 'agent2@example.com',
        ...(onlyOnce === undefined ? {} : { OnlyOnce: onlyOnce }),
      });
      const login = () =>
        fetch(`http://127.0.0.1:${emu.port}/sdk/login`, {
          method: 'POST',
          body: JSON.stringify({ token: r.Token }),
        }).then((res) => res.json() as Promise<{ session?: string; tokenExpired?: boolean }>);
      return [await login(), await login()];
    };
    const [first, reused] = await loginTwice();
    expect(first?.session).toBeDefined();
    expect(reused).toMatchObject({ tokenExpired: true });
    expect((await loginTwice(true))[1]).toMatchObject({ tokenExpired: true });
    const [a, b] = await loginTwice(false);
    expect([a?.session, b?.session].every(Boolean)).toBe(true);
  });

  it('refuses a wrong SecretKey with AuthFailure.SignatureFailure', async () => {
    const r = await call(commonClient(emu, { secretKey: 'not-the-key' }), 'DescribeNumbers', {
      SdkAppId: app(),
    });
    expect(r.code).toBe('AuthFailure.SignatureFailure');
  });

  it('refuses an unknown SecretId with AuthFailure.SecretIdNotFound', async () => {
    const r = await call(commonClient(emu, { secretId: 'AKIDnobody' }), 'DescribeNumbers', {
      SdkAppId: app(),
    });
    expect(r.code).toBe('AuthFailure.SecretIdNotFound');
  });

  it('refuses a request signed more than 300 s away from its clock with AuthFailure.SignatureExpire', async () => {
    skewMs = 301_000;
    try {
      const r = await call(commonClient(emu), 'DescribeNumbers', { SdkAppId: app() });
      expect(r.code).toBe('AuthFailure.SignatureExpire');
    } finally {
      skewMs = 0;
    }
    skewMs = 290_000;
    try {
      const r = await call(commonClient(emu), 'DescribeNumbers', { SdkAppId: app() });
      expect(r.TotalCount).toBe(4);
    } finally {
      skewMs = 0;
    }
  });

  it('refuses an unknown action with InvalidAction and an unknown version with NoSuchVersion', async () => {
    expect((await call(commonClient(emu), 'DescribeWeather', {})).code).toBe('InvalidAction');
    const old = commonClient(emu, { version: '2017-03-12' });
    expect((await call(old, 'DescribeNumbers', { SdkAppId: app() })).code).toBe('NoSuchVersion');
  });
});

describe('parameters', () => {
  it.each([
    ['a missing field', 'MissingParameter', 'SeatUserId', { SdkAppId: 1400000001 }],
    [
      'a wrong type',
      'InvalidParameter',
      'SdkAppId',
      { SdkAppId: '1400000001', SeatUserId: 'agent@example.com' },
    ],
    ['an empty value', 'InvalidParameterValue', 'SeatUserId', { SdkAppId: 1400000001, SeatUserId: '' }],
    [
      'an unknown field',
      'UnknownParameter',
      'Seat',
      { SdkAppId: 1400000001, SeatUserId: 'agent@example.com', Seat: 1 },
    ],
  ])('answers %s with %s naming `%s`', async (_what, code, field, params) => {
    const r = await call(commonClient(emu), 'CreateSDKLoginToken', params);
    expect(r.code).toBe(code);
    expect(r.message).toContain(`\`${field}\``);
  });

  it('refuses a body over 1 MiB with RequestSizeLimitExceeded', async () => {
    const r = await call(commonClient(emu), 'CreateSDKLoginToken', {
      SdkAppId: app(),
      SeatUserId: 'x'.repeat(1_100_000),
    });
    expect(r.code).toBe('RequestSizeLimitExceeded');
  });

  it('knows the seats and the app: AccountNotExist, InstanceNotExist', async () => {
    const seat = await call(commonClient(emu), 'CreateSDKLoginToken', {
      SdkAppId: app(),
      SeatUserId: 'nobody@example.com',
    });
    expect(seat.code).toBe('InvalidParameterValue.AccountNotExist');
    const instance = await call(commonClient(emu), 'CreateSDKLoginToken', {
      SdkAppId: 1400000002,
      SeatUserId: 'agent@example.com',
    });
    expect(instance.code).toBe('InvalidParameterValue.InstanceNotExist');
  });
});

describe('DescribeTelCdr paging and filters', () => {
  let ids: string[];
  const window = () => ({ SdkAppId: app(), StartTimeStamp: nowS() - 2 * 86400, EndTimeStamp: nowS() });
  beforeAll(() => {
    ids = emu.seedCdrs({ count: 250, startTimestamp: nowS() - 86400, endTimestamp: nowS() - 3600 });
  });

  it('pages 250 records as 100 + 100 + 50, oldest first, without overlap', async () => {
    const seen: string[] = [];
    for (const [page, size] of [
      [0, 100],
      [1, 100],
      [2, 50],
      [3, 0],
    ] as const) {
      const r = await call(commonClient(emu), 'DescribeTelCdr', {
        ...window(),
        PageSize: 100,
        PageNumber: page,
      });
      expect(r.TotalCount).toBe(250);
      const list = r.TelCdrList as { SessionId: string; Time: number }[];
      expect(list).toHaveLength(size);
      expect(r.TelCdrs).toEqual(list);
      seen.push(...list.map((c) => c.SessionId));
    }
    expect(seen).toEqual(ids);
  });

  it('holds a record starting on either edge of the window, and none outside it', async () => {
    const all: { SessionId: string; Time: number }[] = [];
    for (const page of [0, 1, 2]) {
      const r = await call(commonClient(emu), 'DescribeTelCdr', {
        ...window(),
        PageSize: 100,
        PageNumber: page,
      });
      all.push(...(r.TelCdrList as { SessionId: string; Time: number }[]));
    }
    const from = (all[110] as { Time: number }).Time;
    const to = (all[160] as { Time: number }).Time;
    const r = await call(commonClient(emu), 'DescribeTelCdr', {
      SdkAppId: app(),
      StartTimeStamp: from,
      EndTimeStamp: to,
      PageSize: 100,
      PageNumber: 0,
    });
    const expected = all.filter((c) => c.Time >= from && c.Time <= to).map((c) => c.SessionId);
    expect(expected.length).toBeGreaterThanOrEqual(51);
    expect(r.TotalCount).toBe(expected.length);
    expect((r.TelCdrList as { SessionId: string }[]).map((c) => c.SessionId)).toEqual(expected);
  });

  it('still pages with the deprecated Limit/Offset', async () => {
    const r = await call(commonClient(emu), 'DescribeTelCdr', { ...window(), Limit: 10, Offset: 245 });
    expect((r.TelCdrList as { SessionId: string }[]).map((c) => c.SessionId)).toEqual(ids.slice(245));
  });

  it.each([
    ['PageSize above 100', { PageSize: 101, PageNumber: 0 }, 'InvalidParameterValue', 'PageSize'],
    ['a negative PageNumber', { PageSize: 10, PageNumber: -1 }, 'InvalidParameterValue', 'PageNumber'],
    ['no page size at all', {}, 'MissingParameter', 'PageSize'],
    [
      'a window of 90 days',
      { PageSize: 10, StartTimeStamp: nowS() - 90 * 86400 },
      'InvalidParameterValue',
      'EndTimeStamp',
    ],
    [
      'an end before the start',
      { PageSize: 10, EndTimeStamp: nowS() - 3 * 86400 },
      'InvalidParameterValue',
      'EndTimeStamp',
    ],
    [
      'a start more than 180 days ago',
      { PageSize: 10, StartTimeStamp: nowS() - 181 * 86400, EndTimeStamp: nowS() - 100 * 86400 },
      'InvalidParameterValue',
      'StartTimeStamp',
    ],
  ])('refuses %s', async (_what, params, code, field) => {
    const r = await call(commonClient(emu), 'DescribeTelCdr', { ...window(), ...params });
    expect(r.code).toBe(code);
    expect(r.message).toContain(`\`${field}\``);
  });

  it('filters by Phones (any prefix form) and SessionIds, and describes each call fully', async () => {
    const byPhone = await call(commonClient(emu), 'DescribeTelCdr', {
      ...window(),
      PageSize: 100,
      PageNumber: 0,
      Phones: ['+86 139 0000 0007'],
    });
    const cdr = (byPhone.TelCdrList as Record<string, unknown>[])[0];
    expect(byPhone.TotalCount).toBe(1);
    expect(cdr).toMatchObject({
      Callee: '008613900000007',
      Caller: '00862160000000',
      Direction: 1,
      EndStatus: 203,
      EndStatusString: 'userReject',
      HungUpSide: 'system',
      UUI: 'seed-7',
      RecordURL: '',
      SeatUser: { UserId: 'agent@example.com', Mail: 'agent@example.com' },
    });
    const bySession = await call(commonClient(emu), 'DescribeTelCdr', {
      ...window(),
      PageSize: 100,
      PageNumber: 0,
      SessionIds: [ids[0], ids[2]],
    });
    const [answered, busy] = bySession.TelCdrList as Record<string, unknown>[];
    expect(answered).toMatchObject({ EndStatus: 1, EndStatusString: 'ok', Duration: 40 });
    expect(String(answered?.RecordURL)).toContain('/_emulator/records/');
    expect(busy).toMatchObject({ EndStatus: 206, EndStatusString: 'busy', Duration: 0, RecordURL: '' });
  });
});

describe('DescribeProtectedTelCdr', () => {
  it('lists only masked calls (none among unmasked history) and checks its parameters like DescribeTelCdr', async () => {
    emu.seedCdrs({ count: 3 });
    const window = { SdkAppId: app(), StartTimeStamp: nowS() - 2 * 86400, EndTimeStamp: nowS() };
    const r = await call(commonClient(emu), 'DescribeProtectedTelCdr', {
      ...window,
      PageSize: 100,
      PageNumber: 0,
    });
    expect(r).toMatchObject({ TotalCount: 0, TelCdrList: [], TelCdrs: [] });
    const missing = await call(commonClient(emu), 'DescribeProtectedTelCdr', { ...window, PageNumber: 0 });
    expect(missing).toMatchObject({
      code: 'MissingParameter',
      message: expect.stringContaining('`PageSize`'),
    });
    const long = await call(commonClient(emu), 'DescribeProtectedTelCdr', {
      ...window,
      StartTimeStamp: nowS() - 91 * 86400,
      PageSize: 10,
      PageNumber: 0,
    });
    expect(long).toMatchObject({
      code: 'InvalidParameterValue',
      message: expect.stringContaining('`EndTimeStamp`'),
    });
    const extra = await call(commonClient(emu), 'DescribeProtectedTelCdr', {
      ...window,
      PageSize: 10,
      PageNumber: 0,
      Phones: ['13800138000'],
    });
    expect(extra).toMatchObject({ code: 'UnknownParameter' });
  });
});

describe('DescribeSessionDetail', () => {
  it('returns a signed RecordURL that plays now and is refused once it has expired', async () => {
    const [sessionId] = emu.seedCdrs({ count: 1, startTimestamp: nowS() - 600, endTimestamp: nowS() - 600 });
    const r = await call(commonClient(emu), 'DescribeSessionDetail', {
      SdkAppId: app(),
      SessionId: sessionId,
      StartTimestamp: nowS() - 3600,
      EndTimestamp: nowS(),
    });
    expect(r).toMatchObject({ EndStatus: 1, StaffUserId: 'agent@example.com', Callee: '008613900000000' });
    const url = String(r.RecordURL).replace('ccc.localhost', '127.0.0.1');
    const audio = await fetch(url);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    const whole = Buffer.from(await audio.arrayBuffer());
    expect(whole.byteLength).toBeGreaterThan(1000);
    // A player seeking asks for a part, as of COS: that part alone, and where it sits in the whole.
    const part = await fetch(url, { headers: { Range: 'bytes=44-143' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 44-143/${whole.byteLength}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(whole.subarray(44, 144))).toBe(true);
    const past = await fetch(url, { headers: { Range: `bytes=${whole.byteLength}-` } });
    expect(past.status).toBe(416);
    expect((await fetch(url.replace(/sign=[0-9a-f]{4}/, 'sign=0000'))).status).toBe(403);
    skewMs = 61_000;
    try {
      const late = await fetch(url);
      expect(late.status).toBe(403);
      expect(await late.text()).toContain('expired');
    } finally {
      skewMs = 0;
    }
  });

  it('answers FailedOperation.SessionNotExists for an unknown session', async () => {
    const r = await call(commonClient(emu), 'DescribeSessionDetail', {
      SdkAppId: app(),
      SessionId: 'no-such-session',
      StartTimestamp: nowS() - 3600,
      EndTimestamp: nowS(),
    });
    expect(r.code).toBe('FailedOperation.SessionNotExists');
  });
});

describe('numbers, skill groups and staff', () => {
  it('lists the numbers with the skill groups they are bound to: Shanghai, 400, Beijing and a mobile', async () => {
    const numbers = await call(commonClient(emu), 'DescribeNumbers', { SdkAppId: app() });
    expect(numbers.TotalCount).toBe(4);
    expect(numbers.Numbers).toEqual([
      { Number: '02160000000', CallOutSkillGroupIds: [1001], State: 1, CostType: 0 },
      { Number: '4001234567', CallOutSkillGroupIds: [1002], State: 1, CostType: 0 },
      { Number: '01060000000', CallOutSkillGroupIds: [1001], State: 1, CostType: 0 },
      { Number: '18600000000', CallOutSkillGroupIds: [1001], State: 1, CostType: 0 },
    ]);
    const second = await call(commonClient(emu), 'DescribeNumbers', {
      SdkAppId: app(),
      PageSize: 3,
      PageNumber: 1,
    });
    expect((second.Numbers as { Number: string }[]).map((n) => n.Number)).toEqual(['18600000000']);
  });

  it('pages the seats, each with its skill groups, and filters them by skill group', async () => {
    const page = await call(commonClient(emu), 'DescribeStaffInfoList', {
      SdkAppId: app(),
      PageSize: 2,
      PageNumber: 1,
    });
    expect(page.TotalCount).toBe(3);
    expect(page.StaffList).toEqual([
      expect.objectContaining({ Mail: 'supervisor@example.com', RoleList: [1] }),
    ]);
    const missing = await call(commonClient(emu), 'DescribeStaffInfoList', { SdkAppId: app() });
    expect(missing).toMatchObject({ code: 'MissingParameter' });
    const group = await call(commonClient(emu), 'DescribeStaffInfoList', {
      SdkAppId: app(),
      PageSize: 10,
      PageNumber: 0,
      SkillGroupId: 1002,
    });
    const staff = group.StaffList as { Mail: string; SkillGroupList: unknown[] }[];
    expect(staff.map((s) => s.Mail)).toEqual(['agent2@example.com', 'supervisor@example.com']);
    expect(staff[0]?.SkillGroupList).toEqual([
      { SkillGroupId: 1001, SkillGroupName: '电话客服', Priority: 3, Type: 'TEL' },
      { SkillGroupId: 1002, SkillGroupName: '售后专席', Priority: 3, Type: 'TEL' },
    ]);
  });

  it('describes the skill groups, paged and by id or name, consistent with the staff list', async () => {
    const all = await call(commonClient(emu), 'DescribeSkillGroupInfoList', {
      SdkAppId: app(),
      PageSize: 1,
      PageNumber: 0,
    });
    expect(all.TotalCount).toBe(2);
    expect(all.SkillGroupList).toEqual([
      {
        SkillGroupId: 1001,
        SkillGroupName: '电话客服',
        Type: 'TEL',
        RoutePolicy: 'Sequential',
        UsingLastSeat: 0,
        MaxConcurrency: 1,
        LastModifyTimestamp: 0,
        SkillGroupType: 0,
        Alias: '',
        RingAll: false,
      },
    ]);
    const byName = await call(commonClient(emu), 'DescribeSkillGroupInfoList', {
      SdkAppId: app(),
      PageSize: 10,
      PageNumber: 0,
      SkillGroupName: '售后',
    });
    expect((byName.SkillGroupList as { SkillGroupId: number }[]).map((g) => g.SkillGroupId)).toEqual([1002]);
    const byId = await call(commonClient(emu), 'DescribeSkillGroupInfoList', {
      SdkAppId: app(),
      PageSize: 10,
      PageNumber: 0,
      SkillGroupId: 1001,
    });
    expect(byId.TotalCount).toBe(1);
    const tooBig = await call(commonClient(emu), 'DescribeSkillGroupInfoList', {
      SdkAppId: app(),
      PageSize: 101,
      PageNumber: 0,
    });
    expect(tooBig).toMatchObject({ code: 'InvalidParameterValue' });
  });
});

describe('rate limit and stats', () => {
  it('accepts 20 requests per second per action, answers RequestLimitExceeded beyond, and counts them', async () => {
    const limited = await startEmulator({ port: 0 });
    try {
      const client = commonClient(limited);
      const burst = await Promise.all(
        Array.from({ length: 25 }, () => call(client, 'DescribeNumbers', { SdkAppId: app() })),
      );
      const stats = limited.stats().actions.DescribeNumbers;
      // All 25 arrived within one second, so exactly 20 may pass.
      expect(stats?.maxPerSecond).toBe(25);
      expect(burst.filter((r) => r.code === undefined)).toHaveLength(20);
      expect(burst.filter((r) => r.code === 'RequestLimitExceeded')).toHaveLength(5);
      expect(stats?.rateLimited).toBe(5);
      expect(Object.values(stats?.perSecond ?? {}).reduce((a, b) => a + b, 0)).toBe(25);
      // The limit is per action: another action is unaffected.
      expect(
        (await call(client, 'DescribeStaffInfoList', { SdkAppId: app(), PageSize: 1, PageNumber: 0 })).code,
      ).toBe(undefined);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await call(client, 'DescribeNumbers', { SdkAppId: app() })).code).toBe(undefined);
    } finally {
      await limited.close();
    }
  });
});

describe('faults', () => {
  it('fails the next N calls of an action with the chosen error, then recovers', async () => {
    emu.faults.api({
      action: 'DescribeNumbers',
      count: 2,
      error: { code: 'InternalError', message: 'boom' },
    });
    const client = commonClient(emu);
    expect((await call(client, 'DescribeNumbers', { SdkAppId: app() })).code).toBe('InternalError');
    expect(
      (await call(client, 'DescribeStaffInfoList', { SdkAppId: app(), PageSize: 1, PageNumber: 0 })).code,
    ).toBe(undefined);
    expect((await call(client, 'DescribeNumbers', { SdkAppId: app() })).code).toBe('InternalError');
    expect((await call(client, 'DescribeNumbers', { SdkAppId: app() })).TotalCount).toBe(4);
  });

  it('delays, breaks the body, or answers a bare gateway status', async () => {
    const client = commonClient(emu);
    emu.faults.api({ action: 'DescribeNumbers', count: 1, delayMs: 300 });
    const t0 = Date.now();
    expect((await call(client, 'DescribeNumbers', { SdkAppId: app() })).TotalCount).toBe(4);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);

    emu.faults.api({ action: '*', count: 1, malformed: true });
    const broken = await call(client, 'DescribeNumbers', { SdkAppId: app() });
    expect(broken.TotalCount).toBeUndefined();
    expect(String(broken.message)).not.toBe('');

    emu.faults.api({ action: 'DescribeNumbers', count: 1, httpStatus: 502 });
    const gateway = await call(client, 'DescribeNumbers', { SdkAppId: app() });
    expect(gateway.TotalCount).toBeUndefined();
    expect(String(gateway.message)).toMatch(/Bad Gateway/);
  });
});
