import { lookup as dnsLookup } from 'node:dns';
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import type { CommonClient as CommonClientType } from 'tencentcloud-sdk-nodejs-common';
import { ServerError } from './errors.js';

export interface UpstreamOptions {
  apiEndpoint: string;
  secretId: string;
  secretKey: string;
  sdkAppId: number;
  protocol?: 'http://' | 'https://';
  reqTimeout?: number;
}

export interface SdkLogin {
  sdkUrl: string;
  expiresAt: string;
}

export interface Upstream {
  createSdkLogin(seatUserId: string): Promise<SdkLogin>;
}

// Loaded on first use (CommonJS build) so a test runner can pin the SDK's dependencies first.
function loadCommonClient(): typeof CommonClientType {
  return (
    createRequire(import.meta.url)('tencentcloud-sdk-nodejs-common') as {
      CommonClient: typeof CommonClientType;
    }
  ).CommonClient;
}

/** Node does not resolve *.localhost; RFC 6761 says it is loopback. */
const localhostAgent = new Agent({
  keepAlive: true,
  lookup: ((host: string, opts: object, cb: (...args: unknown[]) => void) => {
    if (host === 'localhost' || host.endsWith('.localhost')) {
      const all = (opts as { all?: boolean }).all;
      if (all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
      return;
    }
    dnsLookup(host, opts, cb as never);
  }) as never,
});

export function createUpstream(options: UpstreamOptions): Upstream {
  const protocol = options.protocol ?? 'https://';
  const CommonClient = loadCommonClient();
  const client = new CommonClient(options.apiEndpoint, '2020-02-10', {
    credential: { secretId: options.secretId, secretKey: options.secretKey },
    region: '',
    profile: {
      httpProfile: {
        endpoint: options.apiEndpoint,
        protocol,
        ...(protocol === 'http://' ? { agent: localhostAgent } : {}),
        reqTimeout: options.reqTimeout ?? 10,
      },
    },
  });
  return {
    async createSdkLogin(seatUserId) {
      let res: { Token?: string; ExpiredTime?: number; SdkURL?: string };
      try {
        res = (await client.request('CreateSDKLoginToken', {
          SdkAppId: options.sdkAppId,
          SeatUserId: seatUserId,
        })) as typeof res;
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (code.startsWith('AuthFailure')) throw new ServerError('UPSTREAM_AUTH_FAILED', { cause: err });
        throw new ServerError('UPSTREAM_UNAVAILABLE', { cause: err });
      }
      if (typeof res.SdkURL !== 'string' || typeof res.ExpiredTime !== 'number') {
        throw new ServerError('UPSTREAM_UNAVAILABLE');
      }
      return { sdkUrl: res.SdkURL, expiresAt: new Date(res.ExpiredTime * 1000).toISOString() };
    },
  };
}
