import type { DevicesErrorCode } from './devices-errors.js';
import type { GuardsErrorCode } from './guards-errors.js';
import type { PrecallErrorCode } from './precall-errors.js';

/** Text a person reads, in both languages the product ships. */
export interface LocalizedText {
  'zh-CN': string;
  'en-US': string;
}

/** What a person reads for one code: [zh message, en message, zh remedy, en remedy]. */
export type ErrorText = readonly [string, string, string, string];

// The codes the core entry raises, including the microphone codes dial() and accept() read from the
// SDK's error text (media-errors.ts). Codes only another entry raises bring their texts with it
// (precall-errors.ts, devices-errors.ts, guards-errors.ts), so a softphone bundle carries none of
// theirs. Kept terse: these strings dominate the bundle size.
// docs/errors.md repeats these tables; errors-doc.test.ts fails when they drift.
export const coreErrorTexts = {
  INVALID_ARGUMENT: ['参数无效', 'Invalid argument', '检查参数', 'Check the arguments'],
  INVALID_STATE: [
    '当前状态不允许',
    'Not allowed in this state',
    '等状态就绪再操作',
    'Wait for the right state',
  ],
  SDK_URL_FETCH_FAILED: [
    '获取 SDK 地址失败',
    'Could not get the SDK URL',
    '检查网络和服务端后重试',
    'Check the network and server, then retry',
  ],
  UNAUTHENTICATED: ['未登录或会话过期', 'Not signed in', '重新登录', 'Sign in again'],
  SDK_LOAD_FAILED: [
    'SDK 加载失败',
    'The SDK failed to load',
    '检查网络、防火墙或 CSP 后重试',
    'Check the network, firewall or CSP, then retry',
  ],
  SDK_GLOBAL_MISSING: [
    'SDK 未定义 tccc',
    'The SDK did not define tccc',
    '确认地址来自 CreateSDKLoginToken',
    'Use the URL from CreateSDKLoginToken',
  ],
  SDK_LOAD_TIMEOUT: [
    'SDK 加载超时',
    'Loading the SDK timed out',
    '检查网络后重试',
    'Check the network, then retry',
  ],
  SDK_LOAD_ABORTED: [
    'SDK 加载已取消',
    'Loading the SDK was aborted',
    '需要时重新加载',
    'Load again when needed',
  ],
  SDK_TOKEN_EXPIRED: [
    'SDK 凭证已过期',
    'The SDK token expired',
    '刷新页面；仍失败请检查服务器时钟',
    'Reload; if it persists, check the server clock',
  ],
  CALL_FAILED: [
    '外呼失败',
    'The call failed',
    '检查号码、线路和坐席状态',
    'Check the number, lines and agent status',
  ],
  CALL_ACTION_FAILED: ['通话操作失败', 'The call action failed', '稍后重试', 'Retry shortly'],
  CALL_MISSED: ['来电已结束', 'The incoming call ended', '需要时回拨', 'Call back if needed'],
  TRANSFER_FAILED: [
    '转接失败',
    'The transfer failed',
    '确认对方可接听后重试',
    'Check the target can take it, then retry',
  ],
  AGENT_STATUS_FAILED: ['状态切换失败', 'Could not change the status', '稍后重试', 'Retry shortly'],
  DIAL_REFUSED: [
    '现在不允许拨打此号码',
    'This number may not be called now',
    '按原因稍后再拨或跳过',
    'See the reason; call later or skip',
  ],
  DIAL_PERMIT_FAILED: [
    '无法确认能否外呼',
    'Could not check the call permit',
    '检查网络后重试',
    'Check the network, then retry',
  ],
  CUSTOMER_ID_INVALID: [
    '客户编号无效',
    'Invalid customer ID',
    '用 3–64 位字母、数字、_ 或 -，须含字母',
    'Use 3–64 letters, digits, _ or -, with a letter',
  ],
  MIC_PERMISSION_DENIED: [
    '麦克风权限被拒绝',
    'Microphone permission denied',
    '点地址栏锁形图标允许麦克风，再刷新',
    'Allow the microphone via the lock icon in the address bar, then reload',
  ],
  MIC_NOT_FOUND: ['未找到麦克风', 'No microphone found', '连接耳麦后重试', 'Connect a headset, then retry'],
  MIC_IN_USE: [
    '麦克风被占用',
    'Microphone in use by another app',
    '关闭占用麦克风的程序',
    'Close the other app using it',
  ],
} as const satisfies Record<string, ErrorText>;

export type TcccDialerErrorCode =
  | keyof typeof coreErrorTexts
  | PrecallErrorCode
  | DevicesErrorCode
  | GuardsErrorCode;

const texts: Partial<Record<TcccDialerErrorCode, ErrorText>> = { ...coreErrorTexts };

/** @internal An entry adds the texts of the codes only it raises when it is imported. */
export function addErrorTexts(more: Partial<Record<TcccDialerErrorCode, ErrorText>>): void {
  Object.assign(texts, more);
}

export interface TcccDialerErrorOptions {
  cause?: unknown;
  /**
   * Why the other party refused: the coded reason of a `beforeDial` hook (DIAL_REFUSED), or the
   * SDK's own `errorMsg` when TCCC refused (CALL_FAILED, TRANSFER_FAILED, ...).
   */
  reason?: string | undefined;
}

/** The one error type of this library: a stable `code`, the `cause`, and zh-CN/en-US text with a remedy. */
export class TcccDialerError extends Error {
  override readonly name = 'TcccDialerError';
  declare readonly code: TcccDialerErrorCode;
  declare readonly messages: LocalizedText;
  declare readonly remedies: LocalizedText;
  declare readonly reason?: string;

  constructor(code: TcccDialerErrorCode, detail?: string, options: TcccDialerErrorOptions = {}) {
    // Only a pre-call code raised by hand, without importing its entry, has no text here.
    const [zh, en, zhRemedy, enRemedy] = texts[code] ?? [code, code, '', ''];
    super(detail ? `${en}: ${detail}` : en, options);
    const { reason } = options;
    Object.assign(this, {
      code,
      messages: { 'zh-CN': zh, 'en-US': en },
      remedies: { 'zh-CN': zhRemedy, 'en-US': enRemedy },
      ...(reason && { reason }),
    });
  }
}

/** True for a TcccDialerError, also across bundle copies (checks the name, not only the prototype). */
export function isTcccDialerError(value: unknown): value is TcccDialerError {
  return value instanceof Error && value.name === 'TcccDialerError';
}

/** `error` itself when it is a TcccDialerError, else a new one with `code` and `error` as its cause. */
export function toTcccDialerError(error: unknown, code: TcccDialerErrorCode): TcccDialerError {
  return isTcccDialerError(error) ? error : new TcccDialerError(code, undefined, { cause: error });
}
