import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('sign-in tuning', () => {
  it('defaults to 2 password checks at once, 32 waiting, and 20 free failures per address', () => {
    expect(loadConfig({}).signIn).toEqual({ hashConcurrency: 2, hashQueue: 32, addressFreeAttempts: 20 });
  });

  it('reads each setting from the environment', () => {
    expect(
      loadConfig({
        SIGN_IN_HASH_CONCURRENCY: '4',
        SIGN_IN_HASH_QUEUE: '100',
        SIGN_IN_ADDRESS_FREE_ATTEMPTS: '200',
      }).signIn,
    ).toEqual({ hashConcurrency: 4, hashQueue: 100, addressFreeAttempts: 200 });
  });

  it('names the variable when a value is not a usable whole number', () => {
    expect(problem({ SIGN_IN_HASH_CONCURRENCY: '0' })).toMatch(/^SIGN_IN_HASH_CONCURRENCY: whole number/);
    expect(problem({ SIGN_IN_HASH_CONCURRENCY: '65' })).toMatch(/^SIGN_IN_HASH_CONCURRENCY:/);
    expect(problem({ SIGN_IN_HASH_QUEUE: 'lots' })).toMatch(/^SIGN_IN_HASH_QUEUE: whole number/);
    expect(problem({ SIGN_IN_ADDRESS_FREE_ATTEMPTS: '-1' })).toMatch(/^SIGN_IN_ADDRESS_FREE_ATTEMPTS:/);
  });
});
