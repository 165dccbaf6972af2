import type { Agent } from 'node:http';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { z } from 'zod';
import { ServerError, type ServerErrorCode } from '../errors.js';
import { classifyUpstreamError } from './classify.js';
import { createCoalescer } from './coalesce.js';
import { createLocalhostAgent } from './localhost-agent.js';
import { createLocalPacer, type Pacer } from './pacer.js';
import { withRetries } from './retry.js';
import type { SdkLogin, Upstream } from './upstream.js';

export interface UpstreamOptions {
  /** Host[:port], e.g. `ccc.tencentcloudapi.com` or the emulator's `ccc.localhost:8787`. */
  apiEndpoint: string;
  secretId: string;
  secretKey: string;
  sdkAppId: number;
  protocol?: 'http://' | 'https://';
  /** Upstream quota per action (`TCCC_API_QPS`: TCCC limits each API on its own); default 20. */
  qps?: number;
  /** One pacer for every action together (tests); default: a pacer per action, from `pacerFor`. */
  pacer?: Pacer;
  /** The pacer of one action (e.g. Redis-backed, shared by replicas); default: in memory at `qps`. */
  pacerFor?: (action: string) => Pacer;
  /** One attempt's timeout. Default 5000. */
  attemptTimeoutMs?: number;
  /** Budget for queueing, attempts and backoff together. Default 10000. */
  deadlineMs?: number;
  /** Default 4. */
  maxAttempts?: number;
  /** Backoff base; default 200 ms (capped at 2 s), with full jitter. */
  retryBaseDelayMs?: number;
  /** Told about every attempt (for logs and tests). Never given parameters or results. */
  onAttempt?: (attempt: UpstreamAttempt) => void;
  now?: () => number;
  random?: () => number;
}

export interface UpstreamAttempt {
  action: string;
  attempt: number;
  startedAt: number;
  durationMs: number;
  outcome: 'ok' | ServerErrorCode;
  upstreamCode?: string;
  upstreamRequestId?: string;
}

const sdkLoginResponse = z.object({ SdkURL: z.url(), ExpiredTime: z.number().int().positive() });

/** Carries the classification of a failed attempt through the retry loop. */
class AttemptError extends Error {
  constructor(
    readonly code: ServerErrorCode,
    readonly retryable: boolean,
    options: { cause: unknown },
  ) {
    super(code, options);
  }
}

export function createUpstream(options: UpstreamOptions): Upstream {
  const protocol = options.protocol ?? 'https://';
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5000;
  const deadlineMs = options.deadlineMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelayMs = options.retryBaseDelayMs ?? 200;
  // TCCC's quota is per action ("默认接口请求频率限制：20次/秒" on each API's page): each action is paced
  // on its own budget, so recordings fetched in bulk never delay SDK-URL minting.
  const pacers = new Map<string, Pacer>();
  const makePacer = options.pacerFor ?? (() => createLocalPacer({ ratePerSecond: options.qps ?? 20 }));
  const pacerOf = (action: string): Pacer => {
    if (options.pacer !== undefined) return options.pacer;
    let p = pacers.get(action);
    if (p === undefined) {
      p = makePacer(action);
      pacers.set(action, p);
    }
    return p;
  };
  const agent: Agent | undefined = protocol === 'http://' ? createLocalhostAgent() : undefined;
  const client = new CommonClient(options.apiEndpoint, '2020-02-10', {
    credential: { secretId: options.secretId, secretKey: options.secretKey },
    region: '',
    profile: {
      httpProfile: {
        endpoint: options.apiEndpoint,
        protocol,
        ...(agent === undefined ? {} : { agent }),
        // Our own AbortSignal enforces the per-attempt timeout; this is only a backstop.
        reqTimeout: Math.ceil(deadlineMs / 1000) + 1,
      },
    },
  });

  async function attemptOnce(action: string, params: Record<string, unknown>, n: number, deadline: number) {
    const startedAt = now();
    const timeout = Math.max(1, Math.min(attemptTimeoutMs, deadline - startedAt));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    const report = (outcome: UpstreamAttempt['outcome'], extra: Partial<UpstreamAttempt> = {}) =>
      options.onAttempt?.({
        action,
        attempt: n,
        startedAt,
        durationMs: now() - startedAt,
        outcome,
        ...extra,
      });
    try {
      const res = (await client.request(action, params, { signal: controller.signal })) as unknown;
      report('ok');
      return res;
    } catch (error) {
      const f = classifyUpstreamError(error, controller.signal.aborted);
      report(f.code, {
        ...(f.upstreamCode === undefined ? {} : { upstreamCode: f.upstreamCode }),
        ...(f.upstreamRequestId === undefined ? {} : { upstreamRequestId: f.upstreamRequestId }),
      });
      throw new AttemptError(f.code, f.retryable, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async function call(action: string, params: Record<string, unknown>): Promise<unknown> {
    const deadline = now() + deadlineMs;
    let lastFailure: AttemptError | undefined;
    try {
      return await withRetries(
        async (n) => {
          const done = await pacerOf(action).acquire(Math.max(0, deadline - now()));
          try {
            // A slot that came too late to be worth a call: don't spend quota on a certain timeout.
            // After a failed attempt, that failure is the answer; before any, the wait was the quota's.
            if (deadline - now() < 50)
              throw lastFailure ?? new ServerError('UPSTREAM_RATE_LIMITED', { retryAfterSeconds: 1 });
            return await attemptOnce(action, params, n, deadline);
          } catch (error) {
            if (error instanceof AttemptError) lastFailure = error;
            throw error;
          } finally {
            done();
          }
        },
        (e) => e instanceof AttemptError && e.retryable,
        {
          deadline,
          maxAttempts,
          baseDelayMs,
          maxDelayMs: 2000,
          now,
          random,
          sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        },
      );
    } catch (error) {
      if (error instanceof ServerError) throw error;
      if (error instanceof AttemptError)
        throw new ServerError(error.code, {
          cause: error.cause,
          ...(error.code === 'UPSTREAM_RATE_LIMITED' ? { retryAfterSeconds: 1 } : {}),
        });
      throw new ServerError('UPSTREAM_UNAVAILABLE', { cause: error });
    }
  }

  const logins = createCoalescer<SdkLogin>();

  return {
    createSdkLogin(seatUserId) {
      return logins.run(seatUserId, async () => {
        const res = await call('CreateSDKLoginToken', { SdkAppId: options.sdkAppId, SeatUserId: seatUserId });
        const parsed = sdkLoginResponse.safeParse(res);
        if (!parsed.success) throw new ServerError('UPSTREAM_UNAVAILABLE', { cause: parsed.error });
        return {
          sdkUrl: parsed.data.SdkURL,
          expiresAt: new Date(parsed.data.ExpiredTime * 1000).toISOString(),
        };
      });
    },
    async request<T>(action: string, params: Record<string, unknown>) {
      const res = await call(action, params);
      if (res === null || typeof res !== 'object') throw new ServerError('UPSTREAM_UNAVAILABLE');
      return res as T;
    },
    close() {
      options.pacer?.close();
      for (const p of pacers.values()) p.close();
      agent?.destroy();
    },
  };
}

/** The client options a validated configuration gives (`TCCC_*`); callers add pacing and logging. */
export function upstreamOptionsFrom(tccc: {
  apiEndpoint: string;
  secretId: string;
  secretKey: string;
  sdkAppId: number;
  protocol: 'http://' | 'https://';
  qps: number;
  attemptTimeoutMs: number;
  deadlineMs: number;
}): UpstreamOptions {
  return {
    apiEndpoint: tccc.apiEndpoint,
    secretId: tccc.secretId,
    secretKey: tccc.secretKey,
    sdkAppId: tccc.sdkAppId,
    protocol: tccc.protocol,
    qps: tccc.qps,
    attemptTimeoutMs: tccc.attemptTimeoutMs,
    deadlineMs: tccc.deadlineMs,
  };
}
