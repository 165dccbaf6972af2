import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';

/** Takes the lock when free, or renews it when this holder has it. 1: held by us, 0: by another. */
const acquireScript = `
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if held then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * A Redis lock with expiry (SET NX PX, renewed and released only by its holder): whoever holds it is
 * the one replica running a singleton job. A holder that dies stops renewing, and the lock lapses
 * after `ttlMs` for another replica to take.
 */
export interface LeaderLock {
  /** Who this process is in the lock's value: host, pid and a random part. */
  readonly holder: string;
  /** Takes or renews the lock; false while another holds it. Rejects when Redis is unreachable. */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

export function createRedisLeaderLock(options: { redis: Redis; key: string; ttlMs: number }): LeaderLock {
  const holder = `${hostname()}/${process.pid}/${randomUUID()}`;
  return {
    holder,
    async acquire() {
      return (await options.redis.eval(acquireScript, 1, options.key, holder, options.ttlMs)) === 1;
    },
    async release() {
      await options.redis.eval(releaseScript, 1, options.key, holder);
    },
  };
}

export interface LeaderJob {
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs` (first after `firstDelayMs`) on the one replica holding `lock`. The
 * lock is renewed every third of its expiry, apart from the runs, so a long run keeps it; a replica
 * that cannot reach Redis stops starting runs until it can. Failures go to `onError`.
 */
export function startLeaderJob(options: {
  lock: LeaderLock;
  ttlMs: number;
  intervalMs: number;
  firstDelayMs?: number;
  run: () => Promise<unknown>;
  onError?: (error: unknown) => void;
  onLeadership?: (leader: boolean) => void;
}): LeaderJob {
  let leader = false;
  let stopped = false;
  let running: Promise<void> | undefined;
  let nextRunAt = Date.now() + (options.firstDelayMs ?? options.intervalMs);
  const setLeader = (value: boolean) => {
    if (value !== leader) options.onLeadership?.(value);
    leader = value;
  };
  const beat = async () => {
    try {
      setLeader(await options.lock.acquire());
    } catch (error) {
      setLeader(false);
      options.onError?.(error);
    }
    if (stopped || !leader || running !== undefined || Date.now() < nextRunAt) return;
    running = options
      .run()
      .then(() => undefined)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = undefined;
        nextRunAt = Date.now() + options.intervalMs;
      });
  };
  let beating: Promise<void> = beat();
  const renewMs = Math.max(100, Math.min(options.intervalMs, Math.floor(options.ttlMs / 3)));
  const timer = setInterval(() => {
    beating = beating.then(beat);
  }, renewMs).unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await beating;
      await running;
      if (leader) await options.lock.release().catch(() => undefined);
    },
  };
}
