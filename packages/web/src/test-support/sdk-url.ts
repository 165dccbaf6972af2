// Mints SdkURLs the way the server does: a signed CreateSDKLoginToken through the official client.
// Test-only.
import { Agent } from 'node:http';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CommonClient as CommonClientType } from 'tencentcloud-sdk-nodejs-common';

// Under Vitest's 'import' condition json-bigint would get bignumber.js's ESM namespace and every
// request would fail; pin it to the CommonJS build before the client loads.
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

// Node does not resolve `ccc.localhost`; RFC 6761 says *.localhost is loopback.
const loopback = new Agent({
  lookup: (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all)
      (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: '127.0.0.1', family: 4 },
      ]);
    else cb(null, '127.0.0.1', 4);
  },
});

export interface EmulatorTarget {
  apiEndpoint: string;
  config: { secretId: string; secretKey: string; sdkAppId: number };
}

/** A function that returns a fresh single-use SdkURL for the seat on each call. */
export function sdkUrlMinter(
  emulator: EmulatorTarget,
  seatUserId = 'agent@example.com',
): () => Promise<string> {
  const client = new CommonClient(emulator.apiEndpoint, '2020-02-10', {
    credential: { secretId: emulator.config.secretId, secretKey: emulator.config.secretKey },
    region: '',
    profile: {
      httpProfile: { endpoint: emulator.apiEndpoint, protocol: 'http://', agent: loopback, reqTimeout: 5 },
    },
  });
  return async () => {
    const r = (await client.request('CreateSDKLoginToken', {
      SdkAppId: emulator.config.sdkAppId,
      SeatUserId: seatUserId,
    })) as { SdkURL: string };
    return r.SdkURL;
  };
}
