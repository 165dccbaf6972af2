// startEmulator(): one HTTP server holding the cloud API, the SDK script and its backend, the control
// API and recordings; everything else lives in the modules it wires together.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { ActionContext } from './actions/index.js';
import { AdminConsole } from './admin-console.js';
import { type CallEvent, type CallOperation, CallStore, type EmulatorCall } from './calls.js';
import { CdrStore, type SeedOptions } from './cdr.js';
import { handleCloudApi } from './cloud-api/router.js';
import {
  type EmulatorConfig,
  type EmulatorConfigInput,
  type NumberMappingTarget,
  numberMappingSchema,
  resolveConfig,
} from './config.js';
import { handleControl } from './control-api.js';
import { EmulatorError } from './errors.js';
import { type FaultControls, Faults } from './faults.js';
import { BodyTooLargeError, corsHeaders, corsHeadersFor, sendJson, setHeaders } from './http.js';
import { NumberMapping } from './number-mapping.js';
import { nationalNumber } from './numbers.js';
import { checkControlRequest, foreignOriginError } from './origin-guard.js';
import { DataPush, type PushAttempt, type PushTarget } from './push.js';
import { RateLimiter } from './rate-limit.js';
import { Recordings } from './recordings.js';
import type { EventName } from './sdk/events.js';
import { createSdkBackend } from './sdk-backend.js';
import { sdkBundle, serveSdkScript } from './sdk-script.js';
import { SdkSessions } from './sdk-sessions.js';
import { type EmulatorStats, RequestStats } from './stats.js';
import { TokenStore } from './tokens.js';

export type { CallEvent, CallOperation, EmulatorCall, EmulatorStats };

export type SdkEventName = EventName;

export interface InboundCall {
  /** The customer's number. */
  caller: string;
  /** The seat to reach first; without it, the skill group's first free member. */
  seatUserId?: string | undefined;
  /** The queue; by default the seat's first phone group, else the line's, else the first phone group. */
  skillGroupId?: number | undefined;
  /** The app's number the customer dialled (default: the first of `numbers`). */
  line?: string | undefined;
}

export interface EmulatorOptions {
  /** 8787 by default; 0 picks a free port. */
  port?: number;
  host?: string;
  /** The config file's fields (every one optional), merged over the defaults. */
  config?: EmulatorConfigInput;
  /** Data-push target; can be changed later with `emulator.push.configure()`. */
  pushUrl?: string;
  /** `user:password` for the push's basic auth. */
  pushBasicAuth?: string;
  /** Number protection: the endpoint TCCC asks for numbers and IDs (overrides `config.numberMapping`). */
  numberMapping?: NumberMappingTarget;
  /** How long the emulator waits for the number-mapping endpoint (default 2000). */
  numberMappingTimeoutMs?: number;
  /** Delay between SDK login and `ready` (default 0). */
  loginDelayMs?: number;
  /** How long the callee rings before answering or failing (default 1500). */
  ringMs?: number;
  /** When the no-answer number gives up (default 5000). */
  noAnswerMs?: number;
  /** How long a seat is rung with an inbound call before `autoTransfer` (default 30000; 0: no limit). */
  inboundTimeoutMs?: number;
  /** How long a queued inbound customer waits for a free seat before giving up (default 60000). */
  queueTimeoutMs?: number;
  /** After-call work: the agent is `arrange` this long after each call, then `free` (default 0). */
  afterCallWorkMs?: number;
  /** Accepted requests per second per action per account (default 20). */
  rateLimitPerSecond?: number;
  /** First push retry waits this long, doubling after (default 1000). */
  pushRetryDelayMs?: number;
  /** Lifetime of DescribeSessionDetail's RecordURL (default 86400, as the real service). */
  recordUrlTtlSeconds?: number;
  /** Clock seam (ms since epoch) for tokens, signatures, CDR times; defaults to Date.now. */
  now?: () => number;
  /** Used for data pushes and number mapping; defaults to the global fetch. */
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

export interface PushControls {
  /** Sets (or with `null` removes) where CDRs and recordings are pushed. */
  configure(target: PushTarget | null): void;
  /** The current target, without its password. */
  target(): { url: string; basicAuth: boolean } | null;
  /** Every delivery attempt so far, retries and duplicates included. */
  attempts(): PushAttempt[];
  /** Resolves once every queued push has been delivered or given up. */
  idle(): Promise<void>;
}

export interface NumberMappingControls {
  /** Turns number protection on with this endpoint, or off with `null`. */
  configure(target: NumberMappingTarget | null): void;
  /** The endpoint, without its password; `null` when protection is off. */
  target(): { url: string; basicAuth: boolean } | null;
}

export interface Emulator {
  port: number;
  /** `http://ccc.localhost:<port>`: the SDK script and the control API live here too. */
  baseUrl: string;
  /** `ccc.localhost:<port>`: the endpoint for the official client. */
  apiEndpoint: string;
  config: EmulatorConfig;
  faults: FaultControls;
  push: PushControls;
  numberMapping: NumberMappingControls;
  stats(): EmulatorStats;
  calls(): EmulatorCall[];
  /**
   * A customer calls in: the call reaches the seat if it is free, else another free seat of its skill group,
   * else it queues (or ends, when nobody is online). Returns its SessionId.
   */
  inbound(seatUserId: string, caller: string, options?: Omit<InboundCall, 'caller' | 'seatUserId'>): string;
  inbound(call: InboundCall): string;
  /** The customer hangs up the call; false when it is not in progress. */
  hangUpAsCustomer(sessionId: string): boolean;
  /** Fires an SDK event (`tokenExpired`, `statusChanged`, ...) in every SDK loaded for the seat; returns how many. */
  fireSdkEvent(seatUserId: string, name: SdkEventName, payload?: Record<string, unknown>): number;
  /** Adds historical CDRs (for paging and sync tests); returns their SessionIds, oldest first. */
  seedCdrs(options: SeedOptions & { push?: boolean | undefined }): string[];
  /** Forgets calls, CDRs, tokens, faults, stats and the push log; loaded SDKs are logged out. */
  reset(): void;
  close(): Promise<void>;
}

const optionsSchema = z.object({
  port: z.int().min(0).max(65535).optional(),
  pushUrl: z.url().optional(),
  pushBasicAuth: z
    .string()
    .regex(/^[^:]+:.*$/, 'must be user:password')
    .optional(),
  numberMapping: numberMappingSchema.optional(),
  numberMappingTimeoutMs: z.int().min(1).optional(),
  loginDelayMs: z.int().min(0).optional(),
  ringMs: z.int().min(0).optional(),
  noAnswerMs: z.int().min(0).optional(),
  inboundTimeoutMs: z.int().min(0).optional(),
  queueTimeoutMs: z.int().min(0).optional(),
  afterCallWorkMs: z.int().min(0).optional(),
  rateLimitPerSecond: z.int().min(1).optional(),
  pushRetryDelayMs: z.int().min(0).optional(),
  recordUrlTtlSeconds: z.int().min(1).optional(),
});

/** Refuses what the emulator cannot route: an unknown seat, skill group or line. */
function checkInbound(config: EmulatorConfig, call: InboundCall): InboundCall {
  if (call.seatUserId !== undefined && !config.seats.some((s) => s.userId === call.seatUserId))
    throw new EmulatorError('UNKNOWN_SEAT', `no seat ${call.seatUserId} in the emulator config`);
  if (
    call.skillGroupId !== undefined &&
    !config.skillGroups.some((g) => g.skillGroupId === call.skillGroupId)
  )
    throw new EmulatorError(
      'UNKNOWN_SKILL_GROUP',
      `no skill group ${call.skillGroupId} in the emulator config`,
    );
  if (call.line !== undefined && !config.numbers.includes(nationalNumber(call.line)))
    throw new EmulatorError('UNKNOWN_NUMBER', `${call.line} is not one of the app's numbers`);
  return call;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const checked = optionsSchema.safeParse(options);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new EmulatorError(
      'INVALID_OPTION',
      `option \`${issue?.path.join('.')}\`: ${issue?.message ?? 'invalid'}`,
    );
  }
  const config = resolveConfig(options.config ?? {});
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  let baseUrl = '';

  const faults = new Faults();
  const stats = new RequestStats(now);
  const limiter = new RateLimiter(options.rateLimitPerSecond ?? 20, now);
  const tokens = new TokenStore(now);
  const recordings = new Recordings(() => baseUrl, now);
  const cdrs = new CdrStore(config, now, recordings);
  const push = new DataPush({
    faults,
    now,
    retryDelayMs: options.pushRetryDelayMs ?? 1000,
    log,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (options.pushUrl) push.configure({ url: options.pushUrl, basicAuth: options.pushBasicAuth });
  const mapping = new NumberMapping({
    timeoutMs: options.numberMappingTimeoutMs ?? 2000,
    log,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  mapping.configure(options.numberMapping ?? config.numberMapping);
  const maskCaller = async (number: string): Promise<string> => {
    const r = await mapping.toUid(number);
    return r.ok ? r.value : '';
  };

  const pushCdr = (sessionId: string): void => {
    const record = cdrs.get(sessionId);
    if (!record) return;
    push.send('cdr', sessionId, cdrs.pushCdr(record));
    for (const body of cdrs.pushRecords(record)) push.send('record', sessionId, body);
  };
  const sessions = new SdkSessions();
  const calls = new CallStore({
    sessions,
    config,
    now,
    timings: {
      ringMs: options.ringMs ?? 1500,
      noAnswerMs: options.noAnswerMs ?? 5000,
      inboundTimeoutMs: options.inboundTimeoutMs ?? 30_000,
      queueTimeoutMs: options.queueTimeoutMs ?? 60_000,
      afterCallWorkMs: options.afterCallWorkMs ?? 0,
    },
    onEnded: (call) => {
      cdrs.addCall(call);
      pushCdr(call.sessionId);
    },
  });
  const admin = new AdminConsole({ config, calls, now, baseUrl: () => baseUrl });
  const ctx: ActionContext = {
    config,
    now,
    baseUrl: () => baseUrl,
    tokens,
    calls,
    cdrs,
    recordings,
    admin,
    recordUrlTtlSeconds: options.recordUrlTtlSeconds ?? 86400,
  };

  const sdkBackend = createSdkBackend({
    config,
    calls,
    sessions,
    tokens,
    faults,
    mapping,
    loginDelayMs: options.loginDelayMs ?? 0,
    pollWaitMs: 15_000,
  });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const failed = (e: unknown): void => {
      if (e instanceof BodyTooLargeError) return void sendJson(res, 413, { error: 'request body too large' });
      log(`error ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    };
    if (url.pathname.startsWith('/_emulator/')) {
      const path = url.pathname.slice('/_emulator/'.length);
      // Recordings stand in for TCCC's storage: signed links any page may play, not controls.
      if (!path.startsWith('records/')) {
        const verdict = checkControlRequest(req);
        if (!verdict.ok) return sendJson(res, 403, foreignOriginError(verdict.refused));
        if (verdict.allowOrigin) setHeaders(res, corsHeadersFor(verdict.allowOrigin));
        if (req.method === 'OPTIONS') {
          res.writeHead(204);
          res.end();
          return;
        }
      }
      handleControl(path, url.searchParams, req, res, emulator, { recordings, cdrs }).catch(failed);
      return;
    }
    if (url.pathname.startsWith('/saas-manage/')) {
      admin.handle(req, res, url.pathname.slice('/saas-manage/'.length), url.searchParams);
      return;
    }
    setHeaders(res, corsHeaders);
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.pathname === '/' && req.method === 'POST') {
      handleCloudApi(req, res, { ctx, faults, limiter, stats, log }).catch(failed);
    } else if (url.pathname === '/sdk/tccc.js' && req.method === 'GET') {
      serveSdkScript(res, faults).catch(failed);
    } else if (url.pathname.startsWith('/sdk/') && req.method === 'POST') {
      sdkBackend(url.pathname.slice('/sdk/'.length), req, res).catch(failed);
    } else {
      sendJson(res, 404, { error: 'not found' });
    }
  });

  const port = options.port ?? 8787;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) =>
      reject(new EmulatorError('LISTEN_FAILED', `cannot listen on port ${port}`, { cause: e })),
    );
    server.listen(port, options.host ?? '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const apiEndpoint = `ccc.localhost:${actualPort}`;
  baseUrl = `http://${apiEndpoint}`;
  // Warm the bundle so the first SDK load is not slowed by esbuild.
  sdkBundle().catch((e: unknown) => log(`sdk bundle failed: ${String(e)}`));

  const emulator: Emulator = {
    port: actualPort,
    baseUrl,
    apiEndpoint,
    config,
    faults,
    push: {
      configure: (target) => push.configure(target ?? undefined),
      target: () => push.target(),
      attempts: () => push.attempts(),
      idle: () => push.idle(),
    },
    numberMapping: {
      configure: (target) => mapping.configure(target ?? undefined),
      target: () => mapping.target(),
    },
    stats: () => stats.snapshot(),
    calls: () =>
      calls.list().map((c) => ({
        ...c,
        participants: c.participants.map((p) => ({ ...p })),
        events: c.events.map((e) => ({ ...e })),
        operations: [...c.operations],
      })),
    inbound(
      first: string | InboundCall,
      caller?: string,
      more: Omit<InboundCall, 'caller' | 'seatUserId'> = {},
    ) {
      const call: InboundCall =
        typeof first === 'string' ? { ...more, seatUserId: first, caller: caller ?? '' } : first;
      const checked = checkInbound(config, call);
      return calls.inbound(mapping.enabled ? { ...checked, maskCaller } : checked).sessionId;
    },
    hangUpAsCustomer: (sessionId) => calls.customerHangUp(sessionId),
    fireSdkEvent: (seatUserId, name, payload = {}) =>
      sessions.deliver(seatUserId, { name, payload, at: now() }),
    seedCdrs({ push: alsoPush, ...seed }) {
      const records = cdrs.seed(seed);
      if (alsoPush) for (const r of records) pushCdr(r.sessionId);
      return records.map((r) => r.sessionId);
    },
    reset() {
      calls.reset();
      sessions.reset();
      tokens.reset();
      faults.clear();
      stats.reset();
      limiter.reset();
      cdrs.reset();
      push.reset();
      admin.reset();
    },
    close() {
      calls.reset();
      sessions.reset();
      push.close();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return emulator;
}
