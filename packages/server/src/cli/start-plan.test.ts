import { describe, expect, it } from 'vitest';
import { startPlan } from './start-plan.js';

const cloudDotenv = {
  TCCC_MODE: 'cloud',
  PUSH_BASIC_AUTH: 'tccc:the-push-password-from-env',
  PORT: '4000',
};

describe('what npm start starts', () => {
  it('with a cloud .env: no emulator, and nothing set over the .env (its push credentials are the ones used)', () => {
    const plan = startPlan({}, cloudDotenv);
    expect(plan.mode).toBe('cloud');
    expect(plan.emulatorArgs).toBeUndefined();
    expect(plan.serverEnv).toEqual({});
    expect(plan.notes).toEqual(['TCCC_MODE=cloud: starting the server only (no emulator).']);
  });

  it('cloud mode from the environment wins over an emulator .env, and warns without push credentials', () => {
    const plan = startPlan({ TCCC_MODE: 'cloud' }, { TCCC_MODE: 'emulator' });
    expect(plan.emulatorArgs).toBeUndefined();
    expect(plan.notes.join('\n')).toMatch(/PUSH_BASIC_AUTH is not set/);
  });

  it('emulator mode: the emulator pushes with the .env pair when set, else the demo pair, to the server port', () => {
    const own = startPlan({}, { PUSH_BASIC_AUTH: 'me:my-own-password', PORT: '4100', NUMBER_MAPPING: 'off' });
    expect(own.emulatorArgs).toEqual([
      '--port',
      '8787',
      '--push-url',
      'http://localhost:4100/api/tccc/push',
      '--push-auth',
      'me:my-own-password',
    ]);
    expect(own.serverEnv).toMatchObject({ PUSH_BASIC_AUTH: 'me:my-own-password', PORT: '4100' });
    const demo = startPlan({ EMULATOR_PORT: '9999' }, {});
    expect(demo.serverEnv).toMatchObject({
      TCCC_EMULATOR_ENDPOINT: 'ccc.localhost:9999',
      PORT: '3000',
      PUSH_BASIC_AUTH: 'tccc-emulator:demo-push-password',
    });
  });

  it('emulator mode turns number protection on for the demo, pointing the emulator at the mapping endpoint', () => {
    const demo = startPlan({}, {});
    expect(demo.emulatorArgs?.slice(-4)).toEqual([
      '--number-mapping-url',
      'http://localhost:3000/api/tccc/number-mapping',
      '--number-mapping-auth',
      'tccc-emulator:demo-mapping-password',
    ]);
    expect(demo.serverEnv).toMatchObject({
      NUMBER_MAPPING: 'on',
      NUMBER_MAPPING_BASIC_AUTH: 'tccc-emulator:demo-mapping-password',
    });
    const off = startPlan({ NUMBER_MAPPING: 'off' }, {});
    expect(off.emulatorArgs).not.toContain('--number-mapping-url');
    expect(off.serverEnv.NUMBER_MAPPING).toBe('off');
    expect(startPlan({ TCCC_MODE: 'cloud' }, {}).serverEnv).toEqual({});
  });
});
