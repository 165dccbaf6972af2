import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

const cloud = {
  TCCC_MODE: 'cloud',
  TCCC_SECRET_ID: 'AKIDexample',
  TCCC_SECRET_KEY: 'example-secret-key',
  TCCC_SDK_APP_ID: '1400000001',
  SESSION_SECRET: '3f9c1a7e5b2d8046c9e1f7a3b5d2c8e0',
};

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to emulator mode with the demo credentials and the emulator as the only SDK origin', () => {
    const c = loadConfig({});
    expect(c.mode).toBe('emulator');
    expect(c.tccc).toMatchObject({
      apiEndpoint: 'ccc.localhost:8787',
      protocol: 'http://',
      qps: 20,
      sdkAppId: 1400000001,
    });
    expect(c.sdkOrigins).toEqual(['http://ccc.localhost:8787']);
    expect(c.auth).toEqual({ mode: 'local' });
  });

  it('cloud mode: HTTPS, the China-site SDK origins by default and the international ones for the intl endpoint', () => {
    const cn = loadConfig(cloud);
    expect(cn.tccc.protocol).toBe('https://');
    expect(cn.sdkOrigins).toEqual(
      expect.arrayContaining([
        'https://tccc.qcloud.com',
        'wss://sip.tccc.qcloud.com',
        'https://*.rtc.qq.com',
      ]),
    );
    const intl = loadConfig({ ...cloud, TCCC_API_ENDPOINT: 'ccc.intl.tencentcloudapi.com' });
    expect(intl.sdkOrigins).toEqual(expect.arrayContaining(['https://connect.tencentcloud.com']));
    expect(intl.sdkOrigins).not.toContain('https://tccc.qcloud.com');
    expect(loadConfig({ ...cloud, SDK_ORIGINS: 'https://sdk.example.com' }).sdkOrigins).toEqual([
      'https://sdk.example.com',
    ]);
  });

  it('names the variable and the fix for each bad value', () => {
    expect(problem({ TCCC_MODE: 'prod' })).toMatch(/^TCCC_MODE: use "emulator" or "cloud"/);
    expect(problem({ ...cloud, TCCC_SECRET_KEY: '' })).toMatch(
      /^TCCC_SECRET_KEY: required when TCCC_MODE=cloud/,
    );
    expect(problem({ ...cloud, TCCC_SDK_APP_ID: 'abc' })).toMatch(
      /^TCCC_SDK_APP_ID: must be a positive integer/,
    );
    expect(problem({ ...cloud, SESSION_SECRET: '' })).toMatch(
      /^SESSION_SECRET: required when TCCC_MODE=cloud/,
    );
    expect(problem({ SESSION_SECRET: 'short' })).toMatch(/^SESSION_SECRET: must be at least 32/);
    // Long enough but guessable: refused, not only short ones.
    for (const weak of [
      'x'.repeat(32),
      'abcd'.repeat(10),
      'changeme-changeme-changeme-123456',
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaabbbb1',
    ])
      expect(problem({ ...cloud, SESSION_SECRET: weak })).toMatch(/^SESSION_SECRET: .*openssl rand -hex 32/);
    expect(problem({ ...cloud, SESSION_SECRET_PREVIOUS: '1'.repeat(40) })).toMatch(
      /^SESSION_SECRET_PREVIOUS:/,
    );
    expect(
      loadConfig({
        ...cloud,
        SESSION_SECRET: 'c2f0e8a51b7d4e96a3c0f18b27d59e4a6b1c3d8e0f7a2b5c9d4e6f8a1b3c5d7e',
      }).session.secret,
    ).toMatch(/^c2f0/);
    // In the cloud the emulator's public push password is refused.
    expect(problem({ ...cloud, PUSH_BASIC_AUTH: 'tccc-emulator:demo-push-password' })).toMatch(
      /^PUSH_BASIC_AUTH: is the emulator's public demo value/,
    );
    expect(problem({ TCCC_API_QPS: '0' })).toMatch(/^TCCC_API_QPS: .*\(got "0"\)/);
    expect(problem({ PORT: '70000' })).toMatch(/^PORT: /);
    expect(problem({ TCCC_EMULATOR_ENDPOINT: 'localhost:8787' })).toMatch(
      /^TCCC_EMULATOR_ENDPOINT: the host must start with "ccc\."/,
    );
    expect(problem({ AUTH_MODE: 'header' })).toMatch(/^TRUST_PROXY: AUTH_MODE=header needs/);
    expect(problem({ TRUST_PROXY: '10.0.0.300' })).toMatch(/^TRUST_PROXY: "10.0.0.300" is not an IP/);
    expect(problem({ AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://id.example.com' })).toMatch(/^OIDC_AUDIENCE: /);
    expect(problem({ TLS_CERT: 'cert.pem' })).toMatch(/^TLS_KEY: set both/);
    expect(problem({ PUBLIC_ORIGIN: 'https://a.example.com/path' })).toMatch(/^PUBLIC_ORIGIN: /);
    expect(problem({ SDK_ORIGINS: "https://x.example.com 'unsafe-inline'" })).toMatch(/^SDK_ORIGINS: /);
    expect(problem({ PUSH_BASIC_AUTH: 'nopassword' })).toMatch(/^PUSH_BASIC_AUTH: /);
  });

  it('accepts header mode from trusted proxies and oidc with its issuer, audience and JWKS', () => {
    expect(loadConfig({ AUTH_MODE: 'header', TRUST_PROXY: '10.0.0.5, 10.1.0.0/16' }).auth).toEqual({
      mode: 'header',
      header: 'x-forwarded-user',
    });
    expect(
      loadConfig({
        AUTH_MODE: 'oidc',
        OIDC_ISSUER: 'https://id.example.com',
        OIDC_AUDIENCE: 'dialer',
        OIDC_JWKS_URL: 'https://id.example.com/jwks',
      }).auth,
    ).toMatchObject({ mode: 'oidc', usernameClaim: 'preferred_username' });
  });
});

describe('scale-out settings', () => {
  it('shares Redis keys under one prefix and lets the CDR sync lock lapse after three intervals', () => {
    const c = loadConfig({
      ...cloud,
      REDIS_URL: 'redis://redis.internal:6379',
      CDR_SYNC_INTERVAL_SECONDS: '60',
    });
    expect([c.redisUrl, c.redisKeyPrefix, c.cdrSyncLeaseMs]).toEqual([
      'redis://redis.internal:6379',
      'tccc-dialer',
      180_000,
    ]);
    const tuned = loadConfig({ ...cloud, REDIS_KEY_PREFIX: 'dialer-eu', CDR_SYNC_LEASE_SECONDS: '2' });
    expect([tuned.redisKeyPrefix, tuned.cdrSyncLeaseMs]).toEqual(['dialer-eu', 2000]);
  });

  it('names the variable when the prefix or the lease is unusable', () => {
    expect(problem({ ...cloud, REDIS_KEY_PREFIX: 'has space' })).toMatch(/^REDIS_KEY_PREFIX:/);
    expect(problem({ ...cloud, CDR_SYNC_LEASE_SECONDS: '0' })).toMatch(/^CDR_SYNC_LEASE_SECONDS:/);
  });
});
