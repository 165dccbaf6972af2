export type { Account, AccountStore, Role } from './accounts.js';
export {
  createMemoryAccountStore,
  demoAccounts,
  hashPassword,
  seedDemoAccounts,
  verifyPassword,
} from './accounts.js';
export type { AppDeps } from './app.js';
export { buildApp } from './app.js';
export type { ServerErrorCode } from './errors.js';
export { ServerError, serverErrorStatus } from './errors.js';
export type { SdkLogin, Upstream, UpstreamOptions } from './upstream.js';
export { createUpstream } from './upstream.js';
