export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  /**
   * Counts one request for `key` and says whether it may proceed. Shared limiters (Redis) reject with
   * `ServerError('COORDINATION_UNAVAILABLE')` when the shared state cannot be reached.
   */
  take(key: string): Promise<RateDecision>;
}

export interface RateLimiterOptions {
  max: number;
  windowMs: number;
  now?: () => number;
  /** Bound on remembered keys, so a flood of distinct keys cannot grow memory without end. */
  maxKeys?: number;
}

/** Fixed-window counter per key, in memory (per process); `scale/redis-rate-limiter.ts` shares one. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 50_000;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async take(key) {
      const t = now();
      let w = windows.get(key);
      if (w === undefined || t - w.start >= options.windowMs) {
        if (windows.size >= maxKeys) {
          for (const [k, v] of windows) if (t - v.start >= options.windowMs) windows.delete(k);
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        }
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      if (w.count <= options.max) return { ok: true };
      return { ok: false, retryAfterMs: w.start + options.windowMs - t };
    },
  };
}
