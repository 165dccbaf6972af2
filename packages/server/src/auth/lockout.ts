export interface LockoutOptions {
  /** Failures allowed before the account is locked. */
  freeAttempts?: number;
  /** First lock; each further failure doubles it, up to `maxLockMs`. */
  baseLockMs?: number;
  maxLockMs?: number;
  now?: () => number;
}

export interface Lockout {
  /** Milliseconds until `username` may try again; 0 when it may try now. */
  lockedForMs(username: string): Promise<number>;
  failed(username: string): Promise<void>;
  succeeded(username: string): Promise<void>;
}

/** The backoff after `failures` failed sign-ins in a row: 0 until `free`, then doubling up to `max`. */
export function lockMs(failures: number, free: number, base: number, max: number): number {
  return failures < free ? 0 : Math.min(max, base * 2 ** (failures - free));
}

/**
 * Exponential backoff after repeated failed sign-ins for one username (per process; with Redis,
 * `scale/redis-lockout.ts` shares it between replicas). A locked user is
 * refused before the password is checked, so guessing during a lock learns nothing.
 */
export function createLockout(options: LockoutOptions = {}): Lockout {
  const free = options.freeAttempts ?? 5;
  const base = options.baseLockMs ?? 1000;
  const max = options.maxLockMs ?? 15 * 60 * 1000;
  const now = options.now ?? Date.now;
  const state = new Map<string, { failures: number; until: number }>();
  return {
    async lockedForMs(username) {
      const s = state.get(username);
      return s === undefined ? 0 : Math.max(0, s.until - now());
    },
    async failed(username) {
      const s = state.get(username) ?? { failures: 0, until: 0 };
      s.failures++;
      if (s.failures >= free) s.until = now() + lockMs(s.failures, free, base, max);
      state.set(username, s);
      if (state.size > 100_000) state.delete(state.keys().next().value as string);
    },
    async succeeded(username) {
      state.delete(username);
    },
  };
}
