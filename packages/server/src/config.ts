import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { defaultSdkOrigins } from './security/sdk-origins.js';

/**
 * Every environment variable the server reads, validated once at boot. A bad value stops the process
 * with one line naming the variable and the fix (see `ConfigError`), never a stack trace.
 */
export interface ServerConfig {
  mode: 'emulator' | 'cloud';
  tccc: {
    secretId: string;
    secretKey: string;
    sdkAppId: number;
    /** Host[:port] of the cloud API (the emulator's in emulator mode). */
    apiEndpoint: string;
    protocol: 'http://' | 'https://';
    qps: number;
    attemptTimeoutMs: number;
    deadlineMs: number;
  };
  databaseUrl: string;
  redisUrl: string | undefined;
  /** Prefix of every Redis key; replicas of one deployment share it (`REDIS_KEY_PREFIX`). */
  redisKeyPrefix: string;
  session: {
    /** Seals new cookies. `undefined` only in emulator mode, where a random per-process key is used. */
    secret: string | undefined;
    /** Still opens cookies sealed before a key rotation. */
    previousSecret: string | undefined;
    ttlSeconds: number;
  };
  auth:
    | { mode: 'local' }
    | { mode: 'oidc'; issuer: string; audience: string; jwksUrl: string; usernameClaim: string }
    | { mode: 'header'; header: string };
  pushBasicAuth: string | undefined;
  /** How often the background job pulls DescribeTelCdr to backfill missed pushes; 0 turns it off. */
  cdrSyncIntervalMs: number;
  /**
   * How long the replica running the CDR sync keeps its lock without renewing it: when it dies,
   * another replica takes over within this time (`CDR_SYNC_LEASE_SECONDS`, default 3 intervals).
   */
  cdrSyncLeaseMs: number;
  port: number;
  host: string;
  tls: { cert: string; key: string } | undefined;
  /** Addresses/CIDRs of reverse proxies whose forwarded headers are believed. Empty: none. */
  trustProxy: string[];
  publicOrigins: string[];
  sdkOrigins: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Demo values only, matching the emulator's defaults: never real credentials. */
export const emulatorDemoCredentials = {
  sdkAppId: 1400000001,
  secretId: 'AKIDtcccEmulatorDemo00000000000000000',
  secretKey: 'tcccEmulatorDemoSecretKey0000000',
} as const;

/** The data-push credentials the emulator uses in emulator mode: a demo value, never for the cloud. */
export const emulatorDemoPushAuth = 'tccc-emulator:demo-push-password';

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Record<string, string | undefined>;

const positiveInt = z.coerce.number().int().positive();

function read<T>(env: Env, name: string, schema: z.ZodType<T>, fix: string): T {
  const raw = env[name];
  const parsed = schema.safeParse(raw === '' ? undefined : raw);
  if (!parsed.success) {
    const got = raw === undefined || raw === '' ? 'it is not set' : `got ${JSON.stringify(raw)}`;
    throw new ConfigError(name, `${fix} (${got})`);
  }
  return parsed.data;
}

function optional(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function origin(name: string, value: string): string {
  try {
    const u = new URL(value);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin === value.replace(/\/$/, ''))
      return u.origin;
  } catch {
    // reported below
  }
  throw new ConfigError(
    name,
    `each entry must be an origin like https://dialer.example.com (got "${value}")`,
  );
}

/** Parses TRUST_PROXY entries into a BlockList (addresses and CIDRs), or throws naming the bad entry. */
export function trustedProxyList(entries: string[]): BlockList {
  const block = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new ConfigError('TRUST_PROXY', `"${entry}" is not an IP address or CIDR`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) block.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32))
        throw new ConfigError('TRUST_PROXY', `"${entry}" has a bad prefix length`);
      block.addSubnet(address, prefix, type);
    }
  }
  return block;
}

export function loadConfig(env: Env = process.env): ServerConfig {
  const mode = read(
    env,
    'TCCC_MODE',
    z.enum(['emulator', 'cloud']).default('emulator'),
    'use "emulator" or "cloud"',
  );
  const cloud = mode === 'cloud';
  const need = (name: string, what: string) =>
    cloud
      ? read(env, name, z.string().trim().min(1), `required when TCCC_MODE=cloud: ${what}`)
      : optional(env, name);

  const secretId = need('TCCC_SECRET_ID', 'the API SecretId from the Tencent Cloud console (CAM)');
  const secretKey = need('TCCC_SECRET_KEY', 'the API SecretKey that belongs to TCCC_SECRET_ID');
  const sdkAppIdRaw = need('TCCC_SDK_APP_ID', 'the TCCC application id (SdkAppId) from the TCCC console');
  const sdkAppId = sdkAppIdRaw === undefined ? emulatorDemoCredentials.sdkAppId : Number(sdkAppIdRaw);
  if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0)
    throw new ConfigError(
      'TCCC_SDK_APP_ID',
      `must be a positive integer like 1400000001 (got "${sdkAppIdRaw}")`,
    );

  const hostPort = z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/i);
  const apiEndpoint = cloud
    ? read(
        env,
        'TCCC_API_ENDPOINT',
        hostPort.default('ccc.tencentcloudapi.com'),
        'use a host name like ccc.tencentcloudapi.com (international: ccc.intl.tencentcloudapi.com)',
      )
    : read(
        env,
        'TCCC_EMULATOR_ENDPOINT',
        hostPort.default('ccc.localhost:8787'),
        'use host:port of the emulator, like ccc.localhost:8787',
      );
  if (!apiEndpoint.toLowerCase().startsWith('ccc.'))
    throw new ConfigError(
      cloud ? 'TCCC_API_ENDPOINT' : 'TCCC_EMULATOR_ENDPOINT',
      `the host must start with "ccc." because the signature names the service after it (got "${apiEndpoint}")`,
    );

  const qps = read(
    env,
    'TCCC_API_QPS',
    positiveInt.max(10_000).default(20),
    'a whole number of upstream requests per second, e.g. 20',
  );
  const attemptTimeoutMs = read(
    env,
    'TCCC_API_TIMEOUT_MS',
    positiveInt.default(5000),
    'milliseconds one upstream attempt may take, e.g. 5000',
  );
  const deadlineMs = read(
    env,
    'TCCC_API_DEADLINE_MS',
    positiveInt.default(10_000),
    'milliseconds an upstream call may take with retries and queueing, e.g. 10000',
  );

  const sessionSecret = optional(env, 'SESSION_SECRET');
  if (sessionSecret === undefined && cloud)
    throw new ConfigError(
      'SESSION_SECRET',
      'required when TCCC_MODE=cloud: at least 32 random characters (openssl rand -hex 32)',
    );
  if (sessionSecret !== undefined && sessionSecret.length < 32)
    throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters (openssl rand -hex 32)');
  const previousSecret = optional(env, 'SESSION_SECRET_PREVIOUS');
  if (previousSecret !== undefined && previousSecret.length < 32)
    throw new ConfigError(
      'SESSION_SECRET_PREVIOUS',
      'must be at least 32 characters (the old SESSION_SECRET)',
    );
  const ttlHours = read(
    env,
    'SESSION_TTL_HOURS',
    positiveInt.max(24 * 30).default(12),
    'whole hours a sign-in lasts, e.g. 12',
  );

  const authMode = read(
    env,
    'AUTH_MODE',
    z.enum(['local', 'oidc', 'header']).default('local'),
    'use "local", "oidc" or "header"',
  );
  let auth: ServerConfig['auth'] = { mode: 'local' };
  const trustProxy = list(env.TRUST_PROXY);
  trustedProxyList(trustProxy);
  if (authMode === 'oidc') {
    const url = z.url();
    auth = {
      mode: 'oidc',
      issuer: read(
        env,
        'OIDC_ISSUER',
        url,
        'the issuer URL of your identity provider (the "iss" of its tokens)',
      ),
      audience: read(
        env,
        'OIDC_AUDIENCE',
        z.string().min(1),
        'the audience ("aud") your tokens are issued for',
      ),
      jwksUrl: read(
        env,
        'OIDC_JWKS_URL',
        url,
        "the jwks_uri from the issuer's /.well-known/openid-configuration",
      ),
      usernameClaim: read(
        env,
        'OIDC_USERNAME_CLAIM',
        z.string().min(1).default('preferred_username'),
        'the claim that holds the username',
      ),
    };
  } else if (authMode === 'header') {
    if (trustProxy.length === 0)
      throw new ConfigError(
        'TRUST_PROXY',
        'AUTH_MODE=header needs the proxy addresses whose header is believed, e.g. 10.0.0.5,10.1.0.0/16',
      );
    auth = {
      mode: 'header',
      header: read(
        env,
        'AUTH_HEADER',
        z
          .string()
          .regex(/^[A-Za-z0-9-]+$/)
          .default('x-forwarded-user'),
        'a header name like x-forwarded-user',
      ).toLowerCase(),
    };
  }

  // The emulator pushes CDRs with its demo credentials (npm start passes the same pair to both).
  const pushBasicAuth = optional(env, 'PUSH_BASIC_AUTH') ?? (cloud ? undefined : emulatorDemoPushAuth);
  if (pushBasicAuth !== undefined && !/^[^:]+:.{8,}$/.test(pushBasicAuth))
    throw new ConfigError('PUSH_BASIC_AUTH', 'use user:password with a password of at least 8 characters');

  const tlsCert = optional(env, 'TLS_CERT');
  const tlsKey = optional(env, 'TLS_KEY');
  if ((tlsCert === undefined) !== (tlsKey === undefined))
    throw new ConfigError(
      tlsCert === undefined ? 'TLS_CERT' : 'TLS_KEY',
      'set both TLS_CERT and TLS_KEY (PEM file paths), or neither',
    );

  const publicOrigins = list(env.PUBLIC_ORIGIN).map((o) => origin('PUBLIC_ORIGIN', o));
  const protocol = cloud ? 'https://' : 'http://';
  const sdkOriginsRaw = list(env.SDK_ORIGINS);
  const sdkOrigins =
    sdkOriginsRaw.length > 0
      ? sdkOriginsRaw.map((o) => {
          if (!/^(https?|wss?):\/\/(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(o))
            throw new ConfigError(
              'SDK_ORIGINS',
              `each entry must be a CSP source like https://tccc.qcloud.com or https://*.rtc.qq.com (got "${o}")`,
            );
          return o;
        })
      : cloud
        ? defaultSdkOrigins(apiEndpoint)
        : [`http://${apiEndpoint}`];

  const cdrSyncIntervalSeconds = read(
    env,
    'CDR_SYNC_INTERVAL_SECONDS',
    z.coerce.number().int().min(0).max(86_400).default(300),
    'whole seconds between CDR sync runs, 0-86400 (0 turns the sync off), e.g. 300',
  );

  return {
    mode,
    tccc: {
      secretId: secretId ?? emulatorDemoCredentials.secretId,
      secretKey: secretKey ?? emulatorDemoCredentials.secretKey,
      sdkAppId,
      apiEndpoint,
      protocol,
      qps,
      attemptTimeoutMs,
      deadlineMs,
    },
    databaseUrl: optional(env, 'DATABASE_URL') ?? 'data/tccc-dialer.sqlite',
    redisUrl: optional(env, 'REDIS_URL'),
    redisKeyPrefix: read(
      env,
      'REDIS_KEY_PREFIX',
      z
        .string()
        .regex(/^[A-Za-z0-9:_.-]{1,64}$/)
        .default('tccc-dialer'),
      'letters, digits and : _ . - (at most 64), the same on every replica, e.g. tccc-dialer',
    ),
    session: { secret: sessionSecret, previousSecret, ttlSeconds: ttlHours * 3600 },
    auth,
    pushBasicAuth,
    cdrSyncIntervalMs: cdrSyncIntervalSeconds * 1000,
    cdrSyncLeaseMs:
      read(
        env,
        'CDR_SYNC_LEASE_SECONDS',
        z.coerce
          .number()
          .int()
          .min(1)
          .max(86_400)
          .default(Math.max(1, 3 * cdrSyncIntervalSeconds)),
        'whole seconds a dead sync replica keeps the sync before another takes over, 1-86400, e.g. 900',
      ) * 1000,
    port: read(
      env,
      'PORT',
      z.coerce.number().int().min(0).max(65535).default(3000),
      'a TCP port 0-65535, e.g. 3000',
    ),
    host: read(
      env,
      'HOST',
      z.string().min(1).default('127.0.0.1'),
      'an address to bind, e.g. 127.0.0.1 or 0.0.0.0',
    ),
    tls: tlsCert !== undefined && tlsKey !== undefined ? { cert: tlsCert, key: tlsKey } : undefined,
    trustProxy,
    publicOrigins,
    sdkOrigins,
    logLevel: read(
      env,
      'LOG_LEVEL',
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      'one of fatal, error, warn, info, debug, trace, silent',
    ),
  };
}
