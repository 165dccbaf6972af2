import type { Redis } from 'ioredis';
import { coordinated } from '../scale/redis-connection.js';

/**
 * The client addresses each user has signed in from recently. While a username is locked after
 * failed sign-ins, a correct password from one of these still passes: an attacker elsewhere cannot
 * keep the real user out.
 */
export interface KnownClients {
  isKnown(username: string, address: string): Promise<boolean>;
  remember(username: string, address: string): Promise<void>;
}

/** How long an address stays known after the last successful sign-in from it. */
export const knownClientMs = 30 * 86_400_000;

export function createKnownClients(now: () => number = Date.now, maxEntries = 100_000): KnownClients {
  const seen = new Map<string, number>();
  const key = (u: string, a: string) => `${u}\n${a}`;
  return {
    async isKnown(username, address) {
      const at = seen.get(key(username, address));
      return at !== undefined && now() - at < knownClientMs;
    },
    async remember(username, address) {
      const k = key(username, address);
      seen.delete(k);
      seen.set(k, now());
      if (seen.size > maxEntries) seen.delete(seen.keys().next().value as string);
    },
  };
}

/** The same, shared by replicas: one Redis key per user and address, forgotten after `knownClientMs`. */
export function createRedisKnownClients(redis: Redis, prefix: string): KnownClients {
  const key = (u: string, a: string) => `${prefix}:${encodeURIComponent(u)}:${a}`;
  return {
    async isKnown(username, address) {
      return (await coordinated(() => redis.exists(key(username, address)))) === 1;
    },
    async remember(username, address) {
      await coordinated(() => redis.set(key(username, address), '1', 'PX', knownClientMs));
    },
  };
}
