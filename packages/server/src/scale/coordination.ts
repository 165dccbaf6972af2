import type { Redis } from 'ioredis';
import { createLockout, type Lockout, type LockoutOptions } from '../auth/lockout.js';
import { createRedisLockout } from '../auth/redis-lockout.js';
import { createRateLimiter, type RateLimiter } from '../security/rate-limiter.js';
import { createRedisRateLimiter } from '../security/redis-rate-limiter.js';

/**
 * Where per-user limits and sign-in lockouts are counted: in this process (one replica), or in Redis
 * so that every replica behind the load balancer counts into the same budget.
 */
export interface Coordination {
  /** A per-key limit; `name` keeps different limits apart (e.g. `sign-in`, `sdk-url`). */
  rateLimiter(name: string, limit: { max: number; windowMs: number }): RateLimiter;
  lockout(options: Omit<LockoutOptions, 'now'>): Lockout;
}

export function localCoordination(now: () => number = Date.now): Coordination {
  return {
    rateLimiter: (_name, limit) => createRateLimiter({ ...limit, now }),
    lockout: (options) => createLockout({ ...options, now }),
  };
}

/** `prefix` is `REDIS_KEY_PREFIX` (default `tccc-dialer`): replicas of one deployment share it. */
export function redisCoordination(redis: Redis, prefix: string): Coordination {
  return {
    rateLimiter: (name, limit) => createRedisRateLimiter({ redis, key: `${prefix}:limit:${name}`, ...limit }),
    lockout: (options) => createRedisLockout({ redis, key: `${prefix}:lockout`, ...options }),
  };
}
