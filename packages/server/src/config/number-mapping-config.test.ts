import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

const cloud = {
  TCCC_MODE: 'cloud',
  TCCC_SECRET_ID: 'AKIDexample',
  TCCC_SECRET_KEY: 'example-secret-key',
  TCCC_SDK_APP_ID: '1400000001',
  SESSION_SECRET: '3f9c1a7e5b2d8046c9e1f7a3b5d2c8e0',
};

it('number mapping is off by default, with TCCC carrier rules for the dial pad', () => {
  const c = loadConfig(cloud).numberMapping;
  expect(c).toEqual({
    enabled: false,
    basicAuth: undefined,
    permitTtlMs: 60_000,
    dialPad: {
      timeZone: 'Asia/Shanghai',
      hoursStart: 480,
      hoursEnd: 1260,
      capPerDay: 5,
      burstCap: 3,
      burstWindowSeconds: 300,
    },
  });
  // The emulator presents its demo pair; the cloud never gets a default password.
  expect(loadConfig({}).numberMapping.basicAuth).toBe('tccc-emulator:demo-mapping-password');
});

it('reads the switch, the endpoint credentials, the permit TTL and the dial-pad rules', () => {
  const c = loadConfig({
    ...cloud,
    NUMBER_MAPPING: 'on',
    NUMBER_MAPPING_BASIC_AUTH: 'tccc:long-password',
    DIAL_PERMIT_TTL_SECONDS: '30',
    DIALPAD_CALLING_HOURS: '09:30-20:00',
    DIALPAD_TIMEZONE: 'Asia/Hong_Kong',
    DIALPAD_CAP_PER_DAY: '2',
    DIALPAD_CAP_PER_5_MINUTES: '0',
  }).numberMapping;
  expect(c).toMatchObject({
    enabled: true,
    basicAuth: 'tccc:long-password',
    permitTtlMs: 30_000,
    dialPad: { timeZone: 'Asia/Hong_Kong', hoursStart: 570, hoursEnd: 1200, capPerDay: 2, burstCap: 0 },
  });
});

it.each([
  [{ NUMBER_MAPPING: 'yes' }, /^NUMBER_MAPPING: use on/],
  [{ NUMBER_MAPPING_BASIC_AUTH: 'tccc:short' }, /^NUMBER_MAPPING_BASIC_AUTH: .*got a value of 10 characters/],
  [{ DIAL_PERMIT_TTL_SECONDS: '1' }, /^DIAL_PERMIT_TTL_SECONDS: /],
  [{ DIALPAD_CALLING_HOURS: '21:00-08:00' }, /^DIALPAD_CALLING_HOURS: /],
  [{ DIALPAD_TIMEZONE: 'Mars/Base' }, /^DIALPAD_TIMEZONE: /],
])('refuses %o with one line naming the variable, never echoing a password', (bad, message) => {
  let error: unknown;
  try {
    loadConfig({ ...cloud, ...bad });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('tccc:short');
});
