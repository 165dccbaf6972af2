// The public API of @tccc-dialer/web. Everything not listed here is private.
export type { Call, CallEnd, CallEvents, CallState, CloseBy } from './call.js';
export type { Clock } from './clock.js';
export type {
  AgentStatus,
  Dialer,
  DialerEvents,
  DialOptions,
  DialPermit,
  DialRequest,
  IncomingCall,
  SettableAgentStatus,
} from './dialer.js';
export {
  isTcccDialerError,
  type LocalizedText,
  TcccDialerError,
  type TcccDialerErrorCode,
} from './errors.js';
export { type WatchInputLevelOptions, watchInputLevel } from './input-level.js';
export { type GetSdkUrl, type LoadTcccOptions, loadTccc, sdkUrlFromEndpoint } from './load-tccc.js';
export type { LostDevice } from './page-guards.js';
export {
  type PrecallCheck,
  type PrecallCheckId,
  type PrecallOptions,
  type PrecallReport,
  type PrecallStatus,
  type PrecallWindow,
  runPrecallCheck,
} from './precall-check.js';
