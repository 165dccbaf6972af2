export type { Account, AccountPatch, AccountStore, Role } from './accounts.js';
export {
  checkPassword,
  createMemoryAccountStore,
  demoAccounts,
  hashPassword,
  seedDemoAccounts,
  verifyPassword,
} from './accounts.js';
export type { AppDeps, AuthOptions } from './app.js';
export { buildApp } from './app.js';
export type { ServerConfig } from './config.js';
export { ConfigError, loadConfig } from './config.js';
export type { ServerErrorCode } from './errors.js';
export { isServerError, ServerError, serverErrorStatus } from './errors.js';
export type { Feature, FeatureContext, SessionUser } from './features.js';
export type { LogLevel, LogOptions } from './logging.js';
export { defaultSdkOrigins } from './security/sdk-origins.js';
export type { RunningServer, StartOptions } from './server.js';
export { startServer } from './server.js';
export type { LocalPacerOptions, Pacer } from './upstream/pacer.js';
export { createLocalPacer } from './upstream/pacer.js';
export type { SdkLogin, Upstream, UpstreamAttempt, UpstreamOptions } from './upstream.js';
export { createUpstream } from './upstream.js';
