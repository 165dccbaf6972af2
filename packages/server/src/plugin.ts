import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { agentStatusPlugin } from './agent-status/agent-status-plugin.js';
import { type SeatFor, type SignInOptions, sessionPlugin } from './auth/session-plugin.js';
import { campaignsPlugin } from './campaigns/campaigns-plugin.js';
import { customersPlugin } from './customers/customers-plugin.js';
import type { Database } from './db/schema.js';
import { healthPlugin, type ReadinessCheck } from './health/health-plugin.js';
import { corePlugin } from './http/core-plugin.js';
import { registerOpenApi } from './http/openapi.js';
import type { CdrApi } from './records/cdr-api.js';
import type { CdrSyncSchedule } from './records/cdr-sync-schedule.js';
import { recordsPlugin } from './records/records-plugin.js';
import { type Coordination, localCoordination } from './scale/coordination.js';
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
  /** The background DescribeTelCdr sync (the standalone server sets it from CDR_SYNC_*). */
  cdrSync?: CdrSyncSchedule | undefined;
  /** Serve `/api/openapi.json` and `/api/docs` (default true). */
  openapi?: boolean | undefined;
  /** Clock seam for tests. */
  now?: (() => number) | undefined;
  /** The rest reasons agents pick from (`AGENT_REST_REASONS`); default lunch, training, meeting. */
  restReasons?: string[] | undefined;
  /** After-call work after a call outside a list (`WRAP_UP_SECONDS`); default 0, none. */
  wrapUpSeconds?: number | undefined;
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
    await app.register(recordsPlugin, { cdrApi: options.cdrApi, cdrSync: options.cdrSync });
    await app.register(customersPlugin);
    await app.register(campaignsPlugin);
    await app.register(agentStatusPlugin, {
      restReasons: options.restReasons,
      wrapUpSeconds: options.wrapUpSeconds,
    });
  }
};
