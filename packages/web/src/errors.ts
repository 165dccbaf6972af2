export type TcccDialerErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_STATE'
  | 'SDK_URL_FETCH_FAILED'
  | 'SDK_LOAD_FAILED'
  | 'SDK_GLOBAL_MISSING'
  | 'SDK_LOAD_TIMEOUT'
  | 'SDK_LOAD_ABORTED'
  | 'SDK_TOKEN_EXPIRED'
  | 'CALL_FAILED'
  | 'CALL_ACTION_FAILED'
  | 'UNAUTHENTICATED';

type Texts = { 'zh-CN': string; 'en-US': string };

const catalog: Record<TcccDialerErrorCode, { message: Texts; remedy: Texts }> = {
  INVALID_ARGUMENT: {
    message: { 'zh-CN': '参数无效', 'en-US': 'Invalid argument' },
    remedy: { 'zh-CN': '检查调用参数', 'en-US': 'Check the arguments passed' },
  },
  INVALID_STATE: {
    message: { 'zh-CN': '当前状态不允许此操作', 'en-US': 'Not allowed in the current state' },
    remedy: { 'zh-CN': '等待通话进入正确状态后再操作', 'en-US': 'Wait until the call is in the right state' },
  },
  SDK_URL_FETCH_FAILED: {
    message: { 'zh-CN': '获取 SDK 地址失败', 'en-US': 'Could not get the SDK URL' },
    remedy: {
      'zh-CN': '检查网络与服务端日志后重试',
      'en-US': 'Check the network and server logs, then retry',
    },
  },
  SDK_LOAD_FAILED: {
    message: { 'zh-CN': 'SDK 脚本加载失败', 'en-US': 'The SDK script failed to load' },
    remedy: {
      'zh-CN': '检查网络或内容安全策略后重试',
      'en-US': 'Check the network or Content-Security-Policy, then retry',
    },
  },
  SDK_GLOBAL_MISSING: {
    message: {
      'zh-CN': 'SDK 脚本已加载但未定义 tccc',
      'en-US': 'The SDK script loaded but did not define tccc',
    },
    remedy: {
      'zh-CN': '确认 SDK 地址来自 CreateSDKLoginToken',
      'en-US': 'Make sure the URL comes from CreateSDKLoginToken',
    },
  },
  SDK_LOAD_TIMEOUT: {
    message: { 'zh-CN': 'SDK 加载超时', 'en-US': 'Loading the SDK timed out' },
    remedy: { 'zh-CN': '检查网络后重试', 'en-US': 'Check the network, then retry' },
  },
  SDK_LOAD_ABORTED: {
    message: { 'zh-CN': 'SDK 加载已取消', 'en-US': 'Loading the SDK was aborted' },
    remedy: { 'zh-CN': '需要时重新加载', 'en-US': 'Load again when needed' },
  },
  SDK_TOKEN_EXPIRED: {
    message: { 'zh-CN': 'SDK 登录凭证已过期', 'en-US': 'The SDK login token expired' },
    remedy: { 'zh-CN': '刷新页面重新登录', 'en-US': 'Reload the page and sign in again' },
  },
  CALL_FAILED: {
    message: { 'zh-CN': '外呼失败', 'en-US': 'The call could not be placed' },
    remedy: { 'zh-CN': '检查号码与坐席状态后重试', 'en-US': 'Check the number and agent status, then retry' },
  },
  CALL_ACTION_FAILED: {
    message: { 'zh-CN': '通话操作失败', 'en-US': 'The call action failed' },
    remedy: { 'zh-CN': '稍后重试', 'en-US': 'Retry shortly' },
  },
  UNAUTHENTICATED: {
    message: { 'zh-CN': '未登录或会话已过期', 'en-US': 'Not signed in or the session expired' },
    remedy: { 'zh-CN': '重新登录', 'en-US': 'Sign in again' },
  },
};

export class TcccDialerError extends Error {
  override readonly name = 'TcccDialerError';
  readonly code: TcccDialerErrorCode;
  readonly messages: Texts;
  readonly remedies: Texts;

  constructor(code: TcccDialerErrorCode, detail?: string, options?: { cause?: unknown }) {
    const entry = catalog[code];
    super(detail ? `${entry.message['en-US']}: ${detail}` : entry.message['en-US'], options);
    this.code = code;
    this.messages = entry.message;
    this.remedies = entry.remedy;
  }
}

export function isTcccDialerError(value: unknown): value is TcccDialerError {
  return value instanceof TcccDialerError || (value instanceof Error && value.name === 'TcccDialerError');
}
