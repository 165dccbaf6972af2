// Mints SdkURLs the way the server does: a signed CreateSDKLoginToken through the official client.
// Test-only.
import { Agent } from 'node:http';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';

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
