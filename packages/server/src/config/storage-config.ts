import { z } from 'zod';
import { type Env, readArea, variable } from './env.js';

export interface StorageConfig {
  databaseUrl: string;
  redisUrl: string | undefined;
  /** Prefix of every Redis key; replicas of one deployment share it (`REDIS_KEY_PREFIX`). */
  redisKeyPrefix: string;
}

const storageVariables = {
  DATABASE_URL: variable(
    z.string().default('data/tccc-dialer.sqlite'),
    'a SQLite file path or a postgres:// URL',
  ),
  REDIS_URL: variable(z.string().optional(), 'a redis:// URL'),
  REDIS_KEY_PREFIX: variable(
    z
      .string()
      .regex(/^[A-Za-z0-9:_.-]{1,64}$/)
      .default('tccc-dialer'),
    'letters, digits and : _ . - (at most 64), the same on every replica, e.g. tccc-dialer',
  ),
};

/** Where data lives: the database, and Redis for what replicas share. */
export function storageConfig(env: Env): StorageConfig {
  const v = readArea(env, storageVariables);
  return { databaseUrl: v.DATABASE_URL, redisUrl: v.REDIS_URL, redisKeyPrefix: v.REDIS_KEY_PREFIX };
}
