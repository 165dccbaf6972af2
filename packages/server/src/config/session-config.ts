import { z } from 'zod';
import { ConfigError, type Env, positiveInt, readArea, variable } from './env.js';
import { weakSecretReason } from './secret-strength.js';
import type { Mode } from './tccc-config.js';

export interface SessionConfig {
  /** Seals new cookies. `undefined` only in emulator mode, where a random per-process key is used. */
  secret: string | undefined;
  /** Still opens cookies sealed before a key rotation. */
  previousSecret: string | undefined;
  ttlSeconds: number;
  /** Ends a session after this long without a request; 0: no idle timeout. */
  idleSeconds: number;
}

const sessionVariables = {
  SESSION_SECRET: variable(
    z.string().min(32).optional(),
    'must be at least 32 characters (openssl rand -hex 32)',
    true,
  ),
  SESSION_SECRET_PREVIOUS: variable(
    z.string().min(32).optional(),
    'must be at least 32 characters (the old SESSION_SECRET)',
    true,
  ),
  SESSION_TTL_HOURS: variable(positiveInt.max(24 * 30).default(12), 'whole hours a sign-in lasts, e.g. 12'),
  SESSION_IDLE_MINUTES: variable(
    z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(0),
    'whole minutes without a request before a sign-in ends, e.g. 60 (0: never)',
  ),
};

/** The session cookie: the key that seals it (and the one before a rotation) and how long it lasts. */
export function sessionConfig(env: Env, mode: Mode): SessionConfig {
  const v = readArea(env, sessionVariables);
  for (const name of ['SESSION_SECRET', 'SESSION_SECRET_PREVIOUS'] as const) {
    const value = v[name];
    const weak = value === undefined ? undefined : weakSecretReason(value);
    if (weak !== undefined) throw new ConfigError(name, `${weak}: generate one with openssl rand -hex 32`);
  }
  if (v.SESSION_SECRET === undefined && mode === 'cloud')
    throw new ConfigError(
      'SESSION_SECRET',
      'required when TCCC_MODE=cloud: at least 32 random characters (openssl rand -hex 32)',
    );
  return {
    secret: v.SESSION_SECRET,
    previousSecret: v.SESSION_SECRET_PREVIOUS,
    ttlSeconds: v.SESSION_TTL_HOURS * 3600,
    idleSeconds: v.SESSION_IDLE_MINUTES * 60,
  };
}
