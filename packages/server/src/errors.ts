/** Stable error codes of the server, with the HTTP status each maps to. */
export const serverErrorStatus = {
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN_ORIGIN: 403,
  UPSTREAM_AUTH_FAILED: 502,
  UPSTREAM_UNAVAILABLE: 503,
  INVALID_REQUEST: 400,
  ACCOUNT_EXISTS: 409,
  NOT_FOUND: 404,
  INTERNAL: 500,
  CUSTOMER_IMPORT_INVALID: 400,
  CUSTOMER_IMPORT_TOO_LARGE: 413,
  CUSTOMER_NAME_MISSING: 422,
  CUSTOMER_PHONE_INVALID: 422,
  CUSTOMER_DUPLICATE: 409,
  PUSH_UNAUTHORIZED: 401,
  PUSH_INVALID: 400,
  CALL_NOT_FOUND: 404,
  RECORDING_NOT_FOUND: 404,
} as const;

export type ServerErrorCode = keyof typeof serverErrorStatus;

const messages: Record<ServerErrorCode, { 'zh-CN': string; 'en-US': string }> = {
  UNAUTHENTICATED: { 'zh-CN': '请先登录。', 'en-US': 'Please sign in first.' },
  INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码错误。', 'en-US': 'Wrong username or password.' },
  FORBIDDEN_ORIGIN: { 'zh-CN': '请求来源不被允许。', 'en-US': 'Request origin is not allowed.' },
  UPSTREAM_AUTH_FAILED: {
    'zh-CN': '腾讯云凭证无效，请联系管理员。',
    'en-US': 'Tencent Cloud credentials were refused; contact the operator.',
  },
  UPSTREAM_UNAVAILABLE: {
    'zh-CN': '联络中心暂不可用，请稍后重试。',
    'en-US': 'The contact center is unavailable; try again shortly.',
  },
  INVALID_REQUEST: { 'zh-CN': '请求格式错误。', 'en-US': 'The request is malformed.' },
  ACCOUNT_EXISTS: { 'zh-CN': '该用户名已存在。', 'en-US': 'That username is already taken.' },
  NOT_FOUND: { 'zh-CN': '未找到。', 'en-US': 'Not found.' },
  INTERNAL: { 'zh-CN': '服务器内部错误。', 'en-US': 'Internal server error.' },
  CUSTOMER_IMPORT_INVALID: {
    'zh-CN': '导入文件不是有效的客户 CSV（需要“姓名”和“电话”列）。',
    'en-US': 'The file is not a customer CSV (it needs "name" and "phone" columns).',
  },
  CUSTOMER_IMPORT_TOO_LARGE: {
    'zh-CN': '导入文件过大，每次最多 5000 行。',
    'en-US': 'The file is too large: at most 5000 rows per import.',
  },
  CUSTOMER_NAME_MISSING: { 'zh-CN': '缺少客户姓名。', 'en-US': 'The customer name is missing.' },
  CUSTOMER_PHONE_INVALID: { 'zh-CN': '电话号码格式不正确。', 'en-US': 'The phone number is not valid.' },
  CUSTOMER_DUPLICATE: { 'zh-CN': '该号码的客户已存在。', 'en-US': 'A customer with this number already exists.' },
  PUSH_UNAUTHORIZED: {
    'zh-CN': '数据推送的身份验证失败。',
    'en-US': 'The data push was not authenticated.',
  },
  PUSH_INVALID: { 'zh-CN': '数据推送的内容格式错误。', 'en-US': 'The data push is malformed.' },
  CALL_NOT_FOUND: { 'zh-CN': '未找到该通话记录。', 'en-US': 'That call record was not found.' },
  RECORDING_NOT_FOUND: { 'zh-CN': '该通话没有录音。', 'en-US': 'That call has no recording.' },
};

export class ServerError extends Error {
  readonly code: ServerErrorCode;
  readonly status: number;
  constructor(code: ServerErrorCode, options?: { cause?: unknown }) {
    super(messages[code]['en-US'], options);
    this.name = 'ServerError';
    this.code = code;
    this.status = serverErrorStatus[code];
  }
  message_(locale: 'zh-CN' | 'en-US'): string {
    return messages[this.code][locale];
  }
}
