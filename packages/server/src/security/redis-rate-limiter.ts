import type { Redis } from 'ioredis';
import { coordinated } from '../scale/redis-connection.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * Fixed window per key on Redis's clock: the first request of a window sets its expiry, so every
 * replica counts into the same window. Returns { count, ms left in the window }.
 */
const takeScript = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }
`;

export interface RedisRateLimiterOptions {
  redis: Redis;
  /** Key prefix of this limit, e.g. `tccc-dialer:limit:sign-in`. */
  key: string;
  max: number;
  windowMs: number;
}

/** The per-user limit of `security/rate-limiter.ts`, counted once for all replicas. */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  return {
    async take(key) {
      const [count, ttl] = (await coordinated(() =>
        options.redis.eval(takeScript, 1, `${options.key}:${key}`, options.windowMs),
      )) as [number, number];
      return count <= options.max ? { ok: true } : { ok: false, retryAfterMs: ttl };
    },
  };
}
