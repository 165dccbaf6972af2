import type { Redis } from 'ioredis';
import type { BoardHub } from '../board/board-hub.js';
import { redisBoardHub } from '../board/redis-board-hub.js';
import type { ReadinessCheck } from '../health/health-plugin.js';
import type { Pacer } from '../upstream/pacer.js';
import { createRedisPacer } from '../upstream/redis-pacer.js';
import { shareSdkLogins } from '../upstream/shared-sdk-login.js';
import type { Upstream } from '../upstream/upstream.js';
import { type Coordination, redisCoordination } from './coordination.js';
import { createRedisLeaderLock, type LeaderLock } from './leader-lock.js';

export interface ScaleOutOptions {
  redis: Redis;
  /** `REDIS_KEY_PREFIX`: the same on every replica of one deployment. */
  prefix: string;
  sdkAppId: number;
  /** `TCCC_API_QPS`: the account's quota, for all replicas together. */
  qps: number;
  /** `TCCC_API_DEADLINE_MS`: how long one upstream call may take with queueing and retries. */
  deadlineMs: number;
}

export interface ScaleOut {
  /** One upstream pacer for every action together, for `createUpstream({ pacer })`. */
  pacer: Pacer;
  /** Each action's own pacer (TCCC's quota is per action), for `createUpstream({ pacerFor })`. */
  pacerFor(action: string): Pacer;
  /** Wraps the upstream client so SDK-URL requests for one seat coalesce across replicas. */
  share(upstream: Upstream): Upstream;
  /** For `buildApp({ coordination })`: per-user limits and sign-in lockout in Redis. */
  coordination: Coordination;
  /** For `buildApp({ readiness })`: `/readyz` fails while Redis does not answer. */
  readiness: ReadinessCheck[];
  /** A lock for a job that one replica at a time runs (the CDR sync), under this deployment's prefix. */
  leaderLock(job: string, ttlMs: number): LeaderLock;
  /** The supervisor's board: rows in a Redis hash, changes on a pub/sub channel (its own subscriber). */
  boardHub(): BoardHub;
}

/** Everything replicas share through Redis, keyed per deployment (prefix) and TCCC app (SdkAppId). */
export function scaleOutThroughRedis(o: ScaleOutOptions): ScaleOut {
  return {
    pacer: createRedisPacer({
      redis: o.redis,
      key: `${o.prefix}:pacer:${o.sdkAppId}`,
      ratePerSecond: o.qps,
      flightMs: o.deadlineMs,
    }),
    pacerFor: (action) =>
      createRedisPacer({
        redis: o.redis,
        key: `${o.prefix}:pacer:${o.sdkAppId}:${action}`,
        ratePerSecond: o.qps,
        flightMs: o.deadlineMs,
      }),
    share: (upstream) =>
      shareSdkLogins(upstream, {
        redis: o.redis,
        key: `${o.prefix}:sdk-login:${o.sdkAppId}`,
        waitMs: o.deadlineMs + 1000,
      }),
    coordination: redisCoordination(o.redis, o.prefix),
    readiness: [{ name: 'redis', check: () => o.redis.ping() }],
    leaderLock: (job, ttlMs) =>
      createRedisLeaderLock({ redis: o.redis, key: `${o.prefix}:${job}:lock`, ttlMs }),
    boardHub: () => redisBoardHub({ redis: o.redis, key: `${o.prefix}:board` }),
  };
}
