import type { Redis } from 'ioredis';
import { createKnownClients, createRedisKnownClients, type KnownClients } from '../auth/known-clients.js';
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
  /** Failed sign-ins counted per key; `name` keeps counters apart (usernames, client addresses). */
  lockout(options: Omit<LockoutOptions, 'now'>, name?: string): Lockout;
  /** The addresses each user signed in from (a lock does not stop the real user). */
  knownClients(): KnownClients;
}

export function localCoordination(now: () => number = Date.now): Coordination {
  return {
    rateLimiter: (_name, limit) => createRateLimiter({ ...limit, now }),
    lockout: (options) => createLockout({ ...options, now }),
    knownClients: () => createKnownClients(now),
  };
}

/** `prefix` is `REDIS_KEY_PREFIX` (default `tccc-dialer`): replicas of one deployment share it. */
export function redisCoordination(redis: Redis, prefix: string): Coordination {
  return {
    rateLimiter: (name, limit) => createRedisRateLimiter({ redis, key: `${prefix}:limit:${name}`, ...limit }),
    lockout: (options, name) =>
      createRedisLockout({
        redis,
        key: name === undefined ? `${prefix}:lockout` : `${prefix}:lockout-${name}`,
        ...options,
      }),
    knownClients: () => createRedisKnownClients(redis, `${prefix}:known-client`),
  };
}
