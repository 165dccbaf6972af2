import { describe, expect, it } from 'vitest';
import { withRetries } from './retry.js';

function clock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

describe('withRetries', () => {
  it('stops after maxAttempts and rethrows the last error', async () => {
    const c = clock();
    let n = 0;
    const run = withRetries(
      async () => {
        n++;
        throw new Error(`fail ${n}`);
      },
      () => true,
      {
        deadline: 1e9,
        maxAttempts: 4,
        baseDelayMs: 100,
        maxDelayMs: 1000,
        random: () => 1,
        ...c,
      },
    );
    await expect(run).rejects.toThrow('fail 4');
    expect(n).toBe(4);
    // Full jitter with random() = 1: 100, 200, 400 ms between attempts.
    expect(c.now()).toBe(700);
  });

  it('never retries what is not retryable', async () => {
    let n = 0;
    await expect(
      withRetries(
        async () => {
          n++;
          throw new Error('no');
        },
        () => false,
        {
          deadline: 1e9,
          maxAttempts: 5,
          baseDelayMs: 1,
          maxDelayMs: 1,
          random: Math.random,
          ...clock(),
        },
      ),
    ).rejects.toThrow('no');
    expect(n).toBe(1);
  });

  it('does not start a backoff that would end past the deadline', async () => {
    const c = clock();
    let n = 0;
    await expect(
      withRetries(
        async () => {
          n++;
          throw new Error('x');
        },
        () => true,
        {
          deadline: 250,
          maxAttempts: 100,
          baseDelayMs: 100,
          maxDelayMs: 100,
          random: () => 1,
          ...c,
        },
      ),
    ).rejects.toThrow('x');
    expect(n).toBe(3);
    expect(c.now()).toBeLessThanOrEqual(250);
  });
});
