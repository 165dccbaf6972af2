// The routes' wire shapes; browsers import them from `@tccc-dialer/server/api`, free of server code.
export type {
  AppliedRule,
  CallbackEntry,
  CallEvent,
  CallEventName,
  CallFilters,
  Campaign,
  CampaignEntry,
  CampaignImportReport,
  CampaignOutcome,
  CampaignStats,
  ClaimAnswer,
  Customer,
  Disposition,
  DncNumber,
  ImportReport,
  NewCampaign,
  Page,
  PermitAnswer,
  Refusal,
  RefusalCode,
  RowProblem,
  RuleRefusal,
  User,
} from './api-types.js';
export type { AppDeps, AuthOptions, FeatureConfig } from './app.js';
export { buildApp } from './app.js';
export type { Account, AccountPatch, AccountStore, Role } from './auth/accounts.js';
export {
  checkPassword,
  createMemoryAccountStore,
  demoAccounts,
  hashPassword,
  seedDemoAccounts,
  verifyPassword,
} from './auth/accounts.js';
export type { SeatFor, SeatUser, SignInOptions } from './auth/session-plugin.js';
export { claimNext } from './campaigns/claim.js';
export { runCdrCommand } from './cli/cdr.js';
export type { ServerConfig } from './config/load-config.js';
export { ConfigError, loadConfig } from './config/load-config.js';
export type { DatabaseEngine, DatabaseHandle } from './db/database.js';
export { migrateDatabase, openDatabase } from './db/database.js';
export type { ServerErrorCode } from './errors.js';
export { isServerError, ServerError, serverErrorStatus } from './errors.js';
export type { HandlerOptions, TcccDialerHandler } from './handler.js';
export { createTcccDialerHandler } from './handler.js';
export type { DialerContext, SessionUser } from './http/core-plugin.js';
export type { LogLevel, LogOptions } from './logging.js';
export type { TcccDialerOptions } from './plugin.js';
export { tcccDialer } from './plugin.js';
export type { CallFilter, CallPage, CallRecord, CallStats } from './records/call-query.js';
export { callStats, listCalls } from './records/call-query.js';
export type { CdrApi } from './records/cdr-api.js';
export { cdrApiFromUpstream } from './records/cdr-api.js';
export type { CdrSyncOptions, SyncJob } from './records/cdr-sync.js';
export { startCdrSyncJob, syncCdrs } from './records/cdr-sync.js';
export type { OutcomeKey } from './records/outcome.js';
export { outcomeKeys, outcomeLabels } from './records/outcome.js';
export type { PushDelivery, PushIngester } from './records/push-ingest.js';
export { createPushIngester, ingestPush } from './records/push-ingest.js';
export type { Coordination } from './scale/coordination.js';
export { localCoordination, redisCoordination } from './scale/coordination.js';
export { openRedis } from './scale/redis-connection.js';
export type { ScaleOut, ScaleOutOptions } from './scale/scale-out.js';
export { scaleOutThroughRedis } from './scale/scale-out.js';
export { defaultSdkOrigins } from './security/sdk-origins.js';
export type { RunningServer, StartOptions } from './server.js';
export { startServer } from './server.js';
export type { UpstreamAttempt, UpstreamOptions } from './upstream/client.js';
export { createUpstream } from './upstream/client.js';
export type { LocalPacerOptions, Pacer, PacerDone } from './upstream/pacer.js';
export { createLocalPacer } from './upstream/pacer.js';
export type { RedisPacerOptions } from './upstream/redis-pacer.js';
export { createRedisPacer } from './upstream/redis-pacer.js';
export type { SdkLogin, Upstream } from './upstream/upstream.js';
