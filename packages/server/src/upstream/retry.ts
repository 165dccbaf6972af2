export interface RetryOptions {
  /** Absolute time (ms, same clock as `now`) after which no new attempt starts. */
  deadline: number;
  maxAttempts: number;
  /** Backoff before attempt n+1 is a random share of `min(maxDelayMs, baseDelayMs * 2^(n-1))` ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  now: () => number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, runs out of attempts, or the next
 * backoff would end past the deadline. Rethrows the last error.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  options: RetryOptions,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= options.maxAttempts || !isRetryable(error)) throw error;
      const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (n - 1));
      const delay = Math.round(options.random() * cap);
      if (options.now() + delay >= options.deadline) throw error;
      await options.sleep(delay);
    }
  }
}
