import { Redis } from 'ioredis';
import { ServerError } from '../errors.js';

export interface RedisConnectionOptions {
  /** Longest a command may take before the request fails instead of hanging. Default 1000 ms. */
  commandTimeoutMs?: number;
}

/**
 * The Redis client of one replica. While Redis is down, commands fail at once (no offline queue) and
 * the client keeps reconnecting in the background, so requests get a coded 503 instead of hanging and
 * everything resumes by itself when Redis is back.
 */
export function openRedis(url: string, options: RedisConnectionOptions = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    // Reconnect quickly at first, then every second at most: a restarted Redis is found within ~1 s.
    retryStrategy: (times) => Math.min(50 * times, 1000),
  });
  // Connection errors surface on each command; without a listener ioredis would print every retry.
  redis.on('error', () => undefined);
  return redis;
}

/** Seconds a client should wait before retrying when Redis is unavailable. */
const retryAfterSeconds = 2;

/** Runs one Redis operation; any Redis failure becomes `COORDINATION_UNAVAILABLE` (HTTP 503). */
export async function coordinated<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof ServerError) throw error;
    throw new ServerError('COORDINATION_UNAVAILABLE', { cause: error, retryAfterSeconds });
  }
}
