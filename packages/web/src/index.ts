export type { Call, CallEnd, CallEvents, CallState, CloseBy } from './call.js';
export type { AgentStatus, Dialer, DialerEvents, DialOptions, IncomingCall } from './dialer.js';
export { isTcccDialerError, TcccDialerError, type TcccDialerErrorCode } from './errors.js';
export { type LoadTcccOptions, loadTccc, sdkUrlFromEndpoint } from './load-tccc.js';
