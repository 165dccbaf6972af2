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
    const own = startPlan({}, { PUSH_BASIC_AUTH: 'me:my-own-password', PORT: '4100' });
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
    expect(demo.serverEnv).toEqual({
      TCCC_EMULATOR_ENDPOINT: 'ccc.localhost:9999',
      PORT: '3000',
      PUSH_BASIC_AUTH: 'tccc-emulator:demo-push-password',
    });
  });
});
