import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ServerError, type ServerErrorCode, serverErrorStatus } from '../errors.js';
import { coordinated } from '../scale/redis-connection.js';
import { createCoalescer } from './coalesce.js';
import type { SdkLogin, Upstream } from './upstream.js';

/** Takes the seat's lock, or names the replica call that holds it. Replies { 1 } or { 0, token }. */
const claimScript = `
local held = redis.call('GET', KEYS[1])
if held then return { 0, held } end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return { 1 }
`;

/** Stores the outcome for the waiting replicas, then frees the lock if it is still this call's. */
const finishScript = `
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

const outcomeSchema = z.union([
  z.object({ login: z.object({ sdkUrl: z.string(), expiresAt: z.string() }) }),
  z.object({ error: z.string(), retryAfterSeconds: z.number().optional() }),
]);
type Outcome = z.infer<typeof outcomeSchema>;

export interface SharedSdkLoginOptions {
  redis: Redis;
  /** Key prefix, e.g. `tccc-dialer:sdk-login:<SdkAppId>`. */
  key: string;
  /** How long the first replica may take (the upstream deadline); others wait that long at most. */
  waitMs: number;
  /** How often a waiting replica looks for the result. Default 20 ms. */
  pollMs?: number;
}

function toOutcome(error: unknown): Outcome {
  if (error instanceof ServerError)
    return {
      error: error.code,
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    };
  return { error: 'UPSTREAM_UNAVAILABLE' };
}

function fromOutcome(outcome: Outcome): SdkLogin {
  if ('login' in outcome) return outcome.login;
  const code = (
    outcome.error in serverErrorStatus ? outcome.error : 'UPSTREAM_UNAVAILABLE'
  ) as ServerErrorCode;
  throw new ServerError(
    code,
    outcome.retryAfterSeconds === undefined ? undefined : { retryAfterSeconds: outcome.retryAfterSeconds },
  );
}

/**
 * `createSdkLogin` coalesced across replicas: concurrent requests for one seat, on any replica, make
 * one `CreateSDKLoginToken` call. The first takes a short-lived Redis lock (expiring after `waitMs`,
 * so a replica that dies holding it blocks nobody for long) and leaves the outcome under a key named
 * after its lock; the others read that. A waiter whose leader vanished without an outcome calls
 * upstream itself (the shared pacer still guards the quota). Within one replica, requests coalesce
 * in memory first, so one replica asks Redis once per seat.
 */
export function shareSdkLogins(upstream: Upstream, options: SharedSdkLoginOptions): Upstream {
  const { redis } = options;
  const pollMs = options.pollMs ?? 20;
  const local = createCoalescer<SdkLogin>();
  const lockKey = (seat: string) => `${options.key}:${seat}:lock`;
  const resultKey = (token: string) => `${options.key}:result:${token}`;

  async function lead(seat: string, token: string): Promise<SdkLogin> {
    let outcome: Outcome;
    try {
      outcome = { login: await upstream.createSdkLogin(seat) };
    } catch (error) {
      outcome = toOutcome(error);
    }
    // Waiters fall back to their own call if this is lost, so a Redis failure here is not the caller's.
    await redis
      .eval(finishScript, 2, lockKey(seat), resultKey(token), token, JSON.stringify(outcome), options.waitMs)
      .catch(() => undefined);
    return fromOutcome(outcome);
  }

  async function follow(seat: string, leader: string): Promise<SdkLogin> {
    const deadline = Date.now() + options.waitMs;
    while (Date.now() < deadline) {
      const [result, lock] = await coordinated(() => redis.mget(resultKey(leader), lockKey(seat)));
      if (result !== null && result !== undefined) {
        const parsed = outcomeSchema.safeParse(JSON.parse(result));
        if (parsed.success) return fromOutcome(parsed.data);
        break;
      }
      // The lock is gone (expired or taken by a later call) and no outcome came: the leader died.
      if (lock !== leader) break;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return upstream.createSdkLogin(seat);
  }

  return {
    ...upstream,
    createSdkLogin(seat) {
      return local.run(seat, async () => {
        const token = randomUUID();
        const reply = (await coordinated(() =>
          redis.eval(claimScript, 1, lockKey(seat), token, options.waitMs),
        )) as [number, string?];
        if (reply[0] === 1) return lead(seat, token);
        return follow(seat, reply[1] ?? '');
      });
    },
  };
}
