import { z } from 'zod';
import { ConfigError, type Env, positiveInt, readArea, variable } from './env.js';

export type Mode = 'emulator' | 'cloud';

export interface TcccConfig {
  secretId: string;
  secretKey: string;
  sdkAppId: number;
  /** Host[:port] of the cloud API (the emulator's in emulator mode). */
  apiEndpoint: string;
  protocol: 'http://' | 'https://';
  qps: number;
  attemptTimeoutMs: number;
  deadlineMs: number;
}

/** Demo values only, matching the emulator's defaults: never real credentials. */
export const emulatorDemoCredentials = {
  sdkAppId: 1400000001,
  secretId: 'AKIDtcccEmulatorDemo00000000000000000',
  secretKey: 'tcccEmulatorDemoSecretKey0000000',
} as const;

export const modeVariables = {
  TCCC_MODE: variable(z.enum(['emulator', 'cloud']).default('emulator'), 'use "emulator" or "cloud"'),
};

const hostPort = z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/i);
const inCloud = (what: string) => `required when TCCC_MODE=cloud: ${what}`;

const cloudVariables = {
  TCCC_SECRET_ID: variable(
    z.string().min(1),
    inCloud('the API SecretId from the Tencent Cloud console (CAM)'),
  ),
  TCCC_SECRET_KEY: variable(
    z.string().min(1),
    inCloud('the API SecretKey that belongs to TCCC_SECRET_ID'),
    true,
  ),
  TCCC_SDK_APP_ID: variable(
    z.string().min(1),
    inCloud('the TCCC application id (SdkAppId) from the TCCC console'),
  ),
  TCCC_API_ENDPOINT: variable(
    hostPort.default('ccc.tencentcloudapi.com'),
    'use a host name like ccc.tencentcloudapi.com (international: ccc.intl.tencentcloudapi.com)',
  ),
};

// The emulator's demo values unless others are set (a test may present a wrong key on purpose).
const emulatorVariables = {
  TCCC_SECRET_ID: variable(z.string().optional(), 'the SecretId the emulator knows'),
  TCCC_SECRET_KEY: variable(z.string().optional(), 'the SecretKey the emulator knows', true),
  TCCC_SDK_APP_ID: variable(z.string().optional(), 'the emulator application id, e.g. 1400000001'),
  TCCC_EMULATOR_ENDPOINT: variable(
    hostPort.default('ccc.localhost:8787'),
    'use host:port of the emulator, like ccc.localhost:8787',
  ),
};

const pacingVariables = {
  TCCC_API_QPS: variable(
    positiveInt.max(10_000).default(20),
    'a whole number of upstream requests per second, e.g. 20',
  ),
  TCCC_API_TIMEOUT_MS: variable(
    positiveInt.default(5000),
    'milliseconds one upstream attempt may take, e.g. 5000',
  ),
  TCCC_API_DEADLINE_MS: variable(
    positiveInt.default(10_000),
    'milliseconds an upstream call may take with retries and queueing, e.g. 10000',
  ),
};

function account(env: Env, mode: Mode) {
  if (mode === 'cloud') {
    const c = readArea(env, cloudVariables);
    return {
      secretId: c.TCCC_SECRET_ID,
      secretKey: c.TCCC_SECRET_KEY,
      appId: c.TCCC_SDK_APP_ID,
      endpoint: c.TCCC_API_ENDPOINT,
      endpointVariable: 'TCCC_API_ENDPOINT',
    };
  }
  const e = readArea(env, emulatorVariables);
  return {
    secretId: e.TCCC_SECRET_ID ?? emulatorDemoCredentials.secretId,
    secretKey: e.TCCC_SECRET_KEY ?? emulatorDemoCredentials.secretKey,
    appId: e.TCCC_SDK_APP_ID,
    endpoint: e.TCCC_EMULATOR_ENDPOINT,
    endpointVariable: 'TCCC_EMULATOR_ENDPOINT',
  };
}

/** TCCC: which API, with which credentials, at what pace. The emulator's demo values in emulator mode. */
export function tcccConfig(env: Env, mode: Mode): TcccConfig {
  const a = account(env, mode);
  const pacing = readArea(env, pacingVariables);
  const sdkAppId = a.appId === undefined ? emulatorDemoCredentials.sdkAppId : Number(a.appId);
  if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0)
    throw new ConfigError('TCCC_SDK_APP_ID', `must be a positive integer like 1400000001 (got "${a.appId}")`);
  if (!a.endpoint.toLowerCase().startsWith('ccc.'))
    throw new ConfigError(
      a.endpointVariable,
      `the host must start with "ccc." because the signature names the service after it (got "${a.endpoint}")`,
    );
  return {
    secretId: a.secretId,
    secretKey: a.secretKey,
    sdkAppId,
    apiEndpoint: a.endpoint,
    protocol: mode === 'cloud' ? 'https://' : 'http://',
    qps: pacing.TCCC_API_QPS,
    attemptTimeoutMs: pacing.TCCC_API_TIMEOUT_MS,
    deadlineMs: pacing.TCCC_API_DEADLINE_MS,
  };
}
