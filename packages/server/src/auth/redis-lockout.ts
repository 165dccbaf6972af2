import type { Redis } from 'ioredis';
import { coordinated } from '../scale/redis-connection.js';
import type { Lockout } from './lockout.js';

/**
 * One failed sign-in: counts it and, past the free attempts, locks until now + backoff (Redis's
 * clock, so replicas agree). The record outlives the longest lock, then Redis forgets it.
 */
const failedScript = `
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local free = tonumber(ARGV[1])
if failures >= free then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local lock = math.min(tonumber(ARGV[3]), tonumber(ARGV[2]) * 2 ^ (failures - free))
  redis.call('HSET', KEYS[1], 'until', now + lock)
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return failures
`;

const lockedScript = `
local untilMs = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return math.max(0, untilMs - now)
`;

export interface RedisLockoutOptions {
  redis: Redis;
  /** Key prefix, e.g. `tccc-dialer:lockout`. */
  key: string;
  freeAttempts?: number;
  baseLockMs?: number;
  maxLockMs?: number;
}

/** The sign-in lockout of `auth/lockout.ts`, shared by all replicas (same rules, same defaults). */
export function createRedisLockout(options: RedisLockoutOptions): Lockout {
  const free = options.freeAttempts ?? 5;
  const base = options.baseLockMs ?? 1000;
  const max = options.maxLockMs ?? 15 * 60 * 1000;
  // Failures are forgotten after a quiet spell as long as the longest lock (and at least an hour).
  const memoryMs = Math.max(max, 3_600_000);
  const keyOf = (username: string) => `${options.key}:${username}`;
  return {
    async lockedForMs(username) {
      return Number(await coordinated(() => options.redis.eval(lockedScript, 1, keyOf(username))));
    },
    async failed(username) {
      await coordinated(() =>
        options.redis.eval(failedScript, 1, keyOf(username), free, base, max, memoryMs),
      );
    },
    async succeeded(username) {
      await coordinated(() => options.redis.del(keyOf(username)));
    },
  };
}
