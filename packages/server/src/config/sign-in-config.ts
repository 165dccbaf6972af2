import { type Env, positiveInt, readArea, variable } from './env.js';

export interface SignInConfig {
  signIn: {
    /** Password checks (scrypt) running at once per process. */
    hashConcurrency: number;
    /** Password checks that may wait per process; one more is answered SIGN_IN_BUSY. */
    hashQueue: number;
    /** Failed sign-ins from one client address before it backs off, whatever usernames it tries. */
    addressFreeAttempts: number;
  };
}

const signInVariables = {
  SIGN_IN_HASH_CONCURRENCY: variable(
    positiveInt.max(64).default(2),
    'whole number of password checks running at once, 1-64, e.g. 2',
  ),
  SIGN_IN_HASH_QUEUE: variable(
    positiveInt.max(10_000).default(32),
    'whole number of password checks that may wait, 1-10000, e.g. 32',
  ),
  SIGN_IN_ADDRESS_FREE_ATTEMPTS: variable(
    positiveInt.max(10_000).default(20),
    'whole number of failed sign-ins from one address before it backs off, e.g. 20',
  ),
};

/** How much password hashing a replica does at once, and when one client address starts to back off. */
export function signInConfig(env: Env): SignInConfig {
  const v = readArea(env, signInVariables);
  return {
    signIn: {
      hashConcurrency: v.SIGN_IN_HASH_CONCURRENCY,
      hashQueue: v.SIGN_IN_HASH_QUEUE,
      addressFreeAttempts: v.SIGN_IN_ADDRESS_FREE_ATTEMPTS,
    },
  };
}
