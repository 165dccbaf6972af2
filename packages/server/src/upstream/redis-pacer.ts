import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ServerError } from '../errors.js';
import { defaultCatchUpMs, type Pacer, type PacerDone } from './pacer.js';

/**
 * The local pacer's two rules, kept in Redis for every replica, on Redis's clock (replicas' clocks need
 * not agree). KEYS[1]: the last grid slot taken. KEYS[2]: a sorted set of calls that still count,
 * scored by when they finished (or, while in flight, by when they must have finished).
 * Replies { 1, '0' } granted, { 2, wait } try again in `wait` ms, { 0, wait } refused (wait > budget).
 */
const acquireScript = `
local interval = tonumber(ARGV[1])
local maxWait = tonumber(ARGV[2])
local catchUp = tonumber(ARGV[3])
local rate = tonumber(ARGV[4])
local windowMs = tonumber(ARGV[5])
local flightMs = tonumber(ARGV[7])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - windowMs)
local last = tonumber(redis.call('GET', KEYS[1]) or '-1e15')
local at = math.max(last + interval, now)
local excess = redis.call('ZCARD', KEYS[2]) - rate + 1
if excess > 0 then
  local e = redis.call('ZRANGE', KEYS[2], excess - 1, excess - 1, 'WITHSCORES')
  local finished = tonumber(e[2])
  if finished > now then at = math.max(at, now + interval) else at = math.max(at, finished + windowMs) end
end
local wait = at - now
if wait > maxWait then return {0, tostring(wait)} end
if wait > 0 then return {2, tostring(wait)} end
redis.call('SET', KEYS[1], tostring(math.max(last + interval, now - catchUp)), 'PX', 60000)
redis.call('ZADD', KEYS[2], now + flightMs, ARGV[6])
redis.call('PEXPIRE', KEYS[2], 60000 + flightMs)
return {1, '0'}
`;

const doneScript = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], 'XX', tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000, ARGV[1])
return 1
`;

export interface RedisPacerOptions {
  redis: Redis;
  /** Key prefix of the shared state; replicas sharing one Tencent Cloud account share one prefix. */
  key: string;
  /** The account's quota (`TCCC_API_QPS`), for all replicas together. */
  ratePerSecond: number;
  marginMs?: number;
  catchUpMs?: number;
  /** Longest an in-flight call can take (its deadline); it counts until then if `done` never comes. */
  flightMs?: number;
}

/** A `Pacer` shared through Redis, for several replicas under one upstream quota. */
export function createRedisPacer(options: RedisPacerOptions): Pacer {
  const rate = options.ratePerSecond;
  const interval = 1000 / rate;
  const windowMs = 1000 + (options.marginMs ?? 5);
  const catchUp = options.catchUpMs ?? defaultCatchUpMs;
  const flightMs = options.flightMs ?? 15_000;
  const keys = [`${options.key}:slot`, `${options.key}:calls`] as const;
  let closed = false;
  const sleepers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleepers.delete(timer);
        resolve();
      }, ms);
      sleepers.add(timer);
    });

  // Callers of this replica queue here in arrival order and only the head asks Redis, so a burst of
  // waiters costs about one script call per slot instead of one per waiter every few milliseconds.
  let line: Promise<void> = Promise.resolve();
  const waitTurn = (previous: Promise<void>, deadline: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new ServerError('UPSTREAM_RATE_LIMITED', { retryAfterSeconds: 1 })),
        Math.max(0, deadline - Date.now()),
      );
      void previous.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  async function take(deadline: number): Promise<PacerDone> {
    const id = randomUUID();
    for (;;) {
      if (closed) throw new ServerError('UPSTREAM_UNAVAILABLE');
      let reply: [number, string];
      try {
        reply = (await options.redis.eval(
          acquireScript,
          2,
          ...keys,
          interval,
          Math.max(0, deadline - Date.now()),
          catchUp,
          rate,
          windowMs,
          id,
          flightMs,
        )) as [number, string];
      } catch (error) {
        // Without the shared state there is no safe rate: fail this call rather than exceed the quota.
        throw new ServerError('COORDINATION_UNAVAILABLE', { cause: error, retryAfterSeconds: 2 });
      }
      const wait = Number(reply[1]);
      if (reply[0] === 0)
        throw new ServerError('UPSTREAM_RATE_LIMITED', {
          retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
        });
      if (reply[0] === 1) {
        let once = false;
        const done: PacerDone = () => {
          if (once) return;
          once = true;
          void options.redis.eval(doneScript, 1, keys[1], id).catch(() => undefined);
        };
        return done;
      }
      await sleep(Math.max(1, Math.min(wait, 4 * interval)));
    }
  }

  return {
    async acquire(maxWaitMs) {
      const deadline = Date.now() + maxWaitMs;
      const previous = line;
      let leave = () => {};
      line = new Promise<void>((resolve) => {
        leave = resolve;
      });
      try {
        await waitTurn(previous, deadline);
        return await take(deadline);
      } finally {
        // Granted, refused or out of time: the next caller in line asks now.
        leave();
      }
    },
    close() {
      closed = true;
      for (const t of sleepers) clearTimeout(t);
      sleepers.clear();
    },
  };
}
