// The official Node client, pointed at an emulator, for tests. Test-only: not part of the build.
import { Agent } from 'node:http';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';

/** Resolves every host (here: `ccc.localhost`) to loopback, as RFC 6761 says `*.localhost` is. */
export const loopbackAgent = new Agent({
  lookup: (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all)
      (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: '127.0.0.1', family: 4 },
      ]);
    else cb(null, '127.0.0.1', 4);
  },
});

export interface ClientTarget {
  apiEndpoint: string;
  config: { secretId: string; secretKey: string };
}

export function commonClient(
  target: ClientTarget,
  overrides: { secretId?: string; secretKey?: string; version?: string } = {},
): CommonClient {
  return new CommonClient(target.apiEndpoint, overrides.version ?? '2020-02-10', {
    credential: {
      secretId: overrides.secretId ?? target.config.secretId,
      secretKey: overrides.secretKey ?? target.config.secretKey,
    },
    region: '',
    profile: {
      httpProfile: {
        endpoint: target.apiEndpoint,
        protocol: 'http://',
        agent: loopbackAgent,
        reqTimeout: 10,
      },
    },
  });
}

/** Calls an action and resolves with the result, or with `{ code, message }` of the thrown error. */
export async function call(
  client: CommonClient,
  action: string,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  try {
    return (await client.request(action, params)) as Record<string, unknown>;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { code: err.code, message: err.message };
  }
}
