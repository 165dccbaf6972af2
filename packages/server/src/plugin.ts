import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { agentStatusPlugin } from './agent-status/agent-status-plugin.js';
import { type SeatFor, type SignInOptions, sessionPlugin } from './auth/session-plugin.js';
import type { BoardHub } from './board/board-hub.js';
import { boardPlugin } from './board/board-plugin.js';
import { campaignsPlugin } from './campaigns/campaigns-plugin.js';
import { type NumberMappingConfig, numberMappingOff } from './config/number-mapping-config.js';
import { customersPlugin } from './customers/customers-plugin.js';
import type { Database } from './db/schema.js';
import { healthPlugin, type ReadinessCheck } from './health/health-plugin.js';
import { corePlugin } from './http/core-plugin.js';
import { registerOpenApi } from './http/openapi.js';
import { numbersPlugin } from './numbers/numbers-plugin.js';
import { qualityPlugin } from './quality/quality-plugin.js';
import type { CdrApi } from './records/cdr-api.js';
import type { CdrSyncSchedule } from './records/cdr-sync-schedule.js';
import { recordsPlugin } from './records/records-plugin.js';
import { type RetentionOptions, scheduleRetention } from './records/retention.js';
import { reviewPlugin } from './review/review-plugin.js';
import type { TranscriptFetchOptions } from './review/transcript-fetcher.js';
import { type Coordination, localCoordination } from './scale/coordination.js';
import type { LeaderLock } from './scale/leader-lock.js';
import { sdkUrlPlugin } from './sdk-url/sdk-url-plugin.js';
import { transferPlugin } from './transfer/transfer-plugin.js';
import type { Upstream } from './upstream/upstream.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

interface CommonOptions {
  /** The paced TCCC cloud-API client (`createUpstream`). */
  upstream: Upstream;
  /** Storage for call records, customers and call lists; without it only sign-in and SDK URLs are served. */
  db?: Kysely<Database> | undefined;
  /** `emulator` seeds demo customers; default `cloud`. */
  mode?: 'emulator' | 'cloud' | undefined;
  /** `TCCC_SDK_APP_ID`. */
  sdkAppId?: number | undefined;
  /** `PUSH_BASIC_AUTH` (`user:password`) TCCC's data push presents; unset: every push is refused. */
  pushBasicAuth?: string | undefined;
  /** Where limits and lockouts are counted; default this process (Redis: shared by replicas). */
  coordination?: Coordination | undefined;
  /** SDK URLs per user per minute (default 20). */
  sdkUrlPerMinute?: number | undefined;
  /** Origins allowed to POST besides the server's own host (`PUBLIC_ORIGIN`). */
  publicOrigins?: string[] | undefined;
  /** Dependencies `/readyz` checks besides the database. */
  readiness?: ReadinessCheck[] | undefined;
  /** True while shutting down (`/readyz` answers 503). */
  closing?: (() => boolean) | undefined;
  /** DescribeSessionDetail for recordings, when it should not go through `upstream`. */
  cdrApi?: CdrApi | undefined;
  /** Retention of dial permits and push receipts (and expired sessions), pruned hourly on one replica. */
  retention?: RetentionOptions | undefined;
  /** Recording links each user may fetch from TCCC per minute (cached links do not count); default 30. */
  recordingsPerMinute?: number | undefined;
  /** The background DescribeTelCdr sync (the standalone server sets it from CDR_SYNC_*). */
  cdrSync?: CdrSyncSchedule | undefined;
  /** Serve `/api/openapi.json` and `/api/docs` (default true). */
  openapi?: boolean | undefined;
  /**
   * Number protection (TCCC's 号码保护): off by default. On, every dial goes by customer ID and
   * `POST /api/tccc/number-mapping` answers TCCC's UIDToPhone only for IDs holding a live permit.
   */
  numberMapping?: NumberMappingConfig | undefined;
  /** Clock seam for tests. */
  now?: (() => number) | undefined;
  /**
   * The supervisor's live board: where its rows live and fan out (default this process; with Redis,
   * every replica), the lock that lets one replica read TCCC's metrics, and how often it does.
   */
  board?:
    | { hub?: BoardHub | undefined; lock?: LeaderLock | undefined; reconcileMs?: number | undefined }
    | undefined;
  /** The rest reasons agents pick from (`AGENT_REST_REASONS`); default lunch, training, meeting. */
  restReasons?: string[] | undefined;
  /** After-call work after a call outside a list (`WRAP_UP_SECONDS`); default 0, none. */
  wrapUpSeconds?: number | undefined;
  /** Fetch recorded calls' transcripts in the background (`TRANSCRIPT_FETCH_PER_MINUTE`); absent: on opening only. */
  transcripts?: TranscriptFetchOptions | undefined;
  /** The dispositions of a call outside a list (`CALL_DISPOSITIONS`); default the built-in ones. */
  callDispositions?: string[] | undefined;
  /** An agent whose browser is silent this long stops counting as signed in (`AGENT_STATUS_STALE_SECONDS`); default 180. */
  statusStaleSeconds?: number | undefined;
}

/**
 * Options of the `tcccDialer` plugin. Either the product signs people in itself (`signIn`: accounts,
 * session cookie, OIDC or a trusted header), or the host app's own authentication decides who is
 * calling (`seatFor`): then the browser never signs in here and the host maps its user to a seat.
 */
export type TcccDialerOptions = CommonOptions &
  ({ signIn: SignInOptions; seatFor?: undefined } | { seatFor: SeatFor; signIn?: undefined });

/**
 * tccc-dialer as a Fastify plugin: every route of the product (sign-in or the host's seat mapping, SDK
 * URLs, health, call records and the data push, customers, call lists and compliance) with its
 * schemas, errors and OpenAPI document, in a scope of its own. `app.register(tcccDialer, options)`;
 * a `prefix` mounts it under a path.
 */
export const tcccDialer: FastifyPluginAsync<TcccDialerOptions> = async (app, options) => {
  const now = options.now ?? Date.now;
  await app.register(corePlugin, {
    context: {
      db: options.db,
      upstream: options.upstream,
      now,
      mode: options.mode ?? 'cloud',
      sdkAppId: options.sdkAppId ?? 0,
      pushBasicAuth: options.pushBasicAuth,
      coordination: options.coordination ?? localCoordination(now),
      numberMapping: options.numberMapping ?? numberMappingOff,
    },
    publicOrigins: options.publicOrigins ?? [],
  });
  if (options.openapi !== false) await registerOpenApi(app, version);
  await app.register(
    sessionPlugin,
    options.seatFor === undefined ? { signIn: options.signIn } : { seatFor: options.seatFor },
  );
  await app.register(sdkUrlPlugin, { perMinute: options.sdkUrlPerMinute });
  await app.register(healthPlugin, { checks: options.readiness, closing: options.closing });
  await app.register(transferPlugin);
  if (options.db !== undefined) {
    await app.register(boardPlugin, { wrapUpSeconds: options.wrapUpSeconds, ...options.board });
    await app.register(recordsPlugin, {
      cdrApi: options.cdrApi,
      cdrSync: options.cdrSync,
      recordingsPerMinute: options.recordingsPerMinute,
    });
    if (options.retention !== undefined) scheduleRetention(app, options.retention);
    await app.register(customersPlugin);
    await app.register(campaignsPlugin);
    await app.register(numbersPlugin);
    await app.register(reviewPlugin, { transcripts: options.transcripts });
    await app.register(qualityPlugin);
    await app.register(agentStatusPlugin, {
      restReasons: options.restReasons,
      wrapUpSeconds: options.wrapUpSeconds,
      callDispositions: options.callDispositions,
      statusStaleSeconds: options.statusStaleSeconds,
    });
  }
};
