// The public API of @tccc-dialer/web. Everything not listed here is private; `CallImpl` too, as
// `Call` and `IncomingCall` are its public views. The other entries: the pre-call check
// `@tccc-dialer/web/precall`, device choice `@tccc-dialer/web/devices`, the page guards
// `@tccc-dialer/web/guards`, full number validation `@tccc-dialer/web/phone`.
export type {
  Call,
  CallDirection,
  CallEnd,
  CallEvents,
  CallState,
  CloseBy,
  IncomingCall,
  IncomingCallInfo,
  TransferTarget,
} from './call.js';
export type { Clock } from './clock.js';
export type {
  AgentStatus,
  AgentStatusRequest,
  CustomerDialRequest,
  DialCustomer,
  Dialer,
  DialerEvents,
  DialOptions,
  DialPermit,
  DialRequest,
  NumberDialRequest,
  SettableAgentStatus,
} from './dialer.js';
export {
  isTcccDialerError,
  type LocalizedText,
  TcccDialerError,
  type TcccDialerErrorCode,
} from './errors.js';
export {
  type GetSdkUrl,
  type LoadTcccOptions,
  loadTccc,
  type MicrophonePicker,
  sdkUrlFromEndpoint,
} from './load-tccc.js';
