import { Agent } from 'node:http';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CommonClient as CommonClientType } from 'tencentcloud-sdk-nodejs-common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';

// The root Vitest config adds the 'import' condition, which also reaches Node's require(): json-bigint
// (used by the SDK) then gets bignumber.js's ESM namespace instead of the constructor and every request
// fails with "Right-hand side of 'instanceof' is not callable". Pin bignumber.js to its CommonJS file.
const require = createRequire(import.meta.url);
const bignumberCjs = join(
  dirname(createRequire(require.resolve('json-bigint')).resolve('bignumber.js/package.json')),
  'bignumber.js',
);
const ModuleCtor = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
const resolveFilename = ModuleCtor._resolveFilename;
ModuleCtor._resolveFilename = (req, ...rest) =>
  req === 'bignumber.js' ? bignumberCjs : resolveFilename(req, ...rest);
const { CommonClient } = require('tencentcloud-sdk-nodejs-common') as {
  CommonClient: typeof CommonClientType;
};
type CommonClient = CommonClientType;

const agent = new Agent({
  lookup: (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all)
      (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: '127.0.0.1', family: 4 },
      ]);
    else cb(null, '127.0.0.1', 4);
  },
});

let emu: Emulator;
const client = (secretKey?: string, secretId?: string): CommonClient =>
  new CommonClient(emu.apiEndpoint, '2020-02-10', {
    credential: { secretId: secretId ?? emu.config.secretId, secretKey: secretKey ?? emu.config.secretKey },
    region: '',
    profile: { httpProfile: { endpoint: emu.apiEndpoint, protocol: 'http://', agent, reqTimeout: 5 } },
  });

beforeAll(async () => {
  emu = await startEmulator({ port: 0, rateLimitPerSecond: 5 });
});
afterAll(() => emu.close());

describe('cloud API through the official CommonClient', () => {
  it('mints an SDK login token for a known seat', async () => {
    const r = (await client().request('CreateSDKLoginToken', {
      SdkAppId: emu.config.sdkAppId,
      SeatUserId: 'agent@example.com',
    })) as Record<string, unknown>;
    expect(String(r.SdkURL)).toMatch(
      new RegExp(`^${emu.baseUrl}/sdk/tccc\\.js\\?sdkAppId=1400000001&userid=agent%40example\\.com&token=`),
    );
    expect(Number(r.ExpiredTime) - Date.now() / 1000).toBeGreaterThan(590);
    const js = await fetch(`http://127.0.0.1:${emu.port}/sdk/tccc.js`);
    expect(js.headers.get('access-control-allow-origin')).toBe('*');
    expect(await js.text()).toContain('tccc');
  });

  it.each([
    ['bad signature', () => client('wrong-key'), {}, 'AuthFailure.SignatureFailure'],
    ['unknown SecretId', () => client(undefined, 'AKIDnobody'), {}, 'AuthFailure.SecretIdNotFound'],
    [
      'unknown seat',
      () => client(),
      { SeatUserId: 'nobody@example.com' },
      'InvalidParameterValue.AccountNotExist',
    ],
    [
      'wrong SdkAppId',
      () => client(),
      { SdkAppId: 1, SeatUserId: 'agent@example.com' },
      'InvalidParameterValue.InstanceNotExist',
    ],
    ['missing SeatUserId', () => client(), { SeatUserId: undefined }, 'MissingParameter'],
  ])('rejects %s', async (_name, make, params, code) => {
    const body = { SdkAppId: emu.config.sdkAppId, SeatUserId: 'agent@example.com', ...params };
    await expect(make().request('CreateSDKLoginToken', body)).rejects.toMatchObject({ code });
  });

  it('rejects an unknown action and enforces the per-action rate limit', async () => {
    await expect(client().request('NoSuchAction', {})).rejects.toMatchObject({ code: 'InvalidAction' });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => client().request('DescribeNumbers', { SdkAppId: emu.config.sdkAppId })),
    );
    const limited = results.filter(
      (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'RequestLimitExceeded',
    );
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(emu.stats().rateLimited).toBeGreaterThanOrEqual(3);
  });

  it('fails the next call of an action with an injected fault', async () => {
    emu.faults.api({
      action: 'DescribeStaffInfoList',
      count: 1,
      error: { code: 'InternalError', message: 'boom' },
    });
    await expect(
      client().request('DescribeStaffInfoList', { SdkAppId: emu.config.sdkAppId }),
    ).rejects.toMatchObject({ code: 'InternalError' });
    const ok = (await client().request('DescribeStaffInfoList', { SdkAppId: emu.config.sdkAppId })) as {
      TotalCount: number;
    };
    expect(ok.TotalCount).toBe(3);
  });
});
