// The public API of @tccc-dialer/web. Everything not listed here is private. The pre-call check is
// `@tccc-dialer/web/precall` (src/precall.ts); full number validation is `@tccc-dialer/web/phone`.
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
export { type GetSdkUrl, type LoadTcccOptions, loadTccc, sdkUrlFromEndpoint } from './load-tccc.js';
export type { LostDevice } from './page-guards.js';
