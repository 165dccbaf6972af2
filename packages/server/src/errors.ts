/** Stable error codes of the server, with the HTTP status each maps to. */
export const serverErrorStatus = {
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  SIGN_IN_LOCKED: 429,
  ACCOUNT_NOT_FOUND: 403,
  FORBIDDEN: 403,
  FORBIDDEN_ORIGIN: 403,
  RATE_LIMITED: 429,
  SEAT_NOT_FOUND: 409,
  UPSTREAM_AUTH_FAILED: 502,
  UPSTREAM_REJECTED: 502,
  UPSTREAM_RATE_LIMITED: 503,
  UPSTREAM_TIMEOUT: 504,
  UPSTREAM_UNAVAILABLE: 503,
  INVALID_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ACCOUNT_EXISTS: 409,
  NOT_FOUND: 404,
  NOT_READY: 503,
  STORE_UNAVAILABLE: 503,
  COORDINATION_UNAVAILABLE: 503,
  // Answered by the shipped nginx site (deploy/nginx), never by a replica itself.
  REPLICA_UNAVAILABLE: 503,
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
  CAMPAIGN_NOT_FOUND: 404,
  CAMPAIGN_NOT_ACTIVE: 409,
  CAMPAIGN_NOT_ASSIGNED: 403,
  CAMPAIGN_IMPORT_INVALID: 400,
  CAMPAIGN_IMPORT_TOO_LARGE: 413,
  CAMPAIGN_TIMEZONE_INVALID: 400,
  ENTRY_PHONE_INVALID: 422,
  ENTRY_DUPLICATE: 409,
  ENTRY_NOT_CLAIMED: 409,
  DISPOSITION_UNKNOWN: 422,
  CALLBACK_TIME_INVALID: 422,
  DNC_LISTED: 403,
  OUTSIDE_CALLING_HOURS: 403,
  FREQUENCY_CAP_REACHED: 403,
  SIGN_IN_BUSY: 429,
  MAPPING_UNAUTHORIZED: 401,
  MAPPING_INVALID: 400,
  NUMBER_MAPPING_OFF: 409,
  MAPPING_ID_UNKNOWN: 404,
  PERMIT_MISSING: 403,
  PERMIT_EXPIRED: 403,
  PERMIT_USED: 409,
  NUMBER_PROTECTION_NEEDS_MAPPING: 409,
  IMPORT_FILE_TOO_LARGE: 413,
  MONITOR_UNAVAILABLE: 409,
  SCORECARD_NOT_FOUND: 404,
  SCORE_INCOMPLETE: 422,
} as const;

export type ServerErrorCode = keyof typeof serverErrorStatus;

/** What a person reads, per code; docs/errors.md carries the same text (a test keeps them equal). */
export const messages: Record<ServerErrorCode, { 'zh-CN': string; 'en-US': string }> = {
  UNAUTHENTICATED: { 'zh-CN': '请先登录。', 'en-US': 'Please sign in first.' },
  INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码错误。', 'en-US': 'Wrong username or password.' },
  SIGN_IN_LOCKED: {
    'zh-CN': '登录失败次数过多，请稍后再试。',
    'en-US': 'Too many failed sign-ins; try again later.',
  },
  ACCOUNT_NOT_FOUND: {
    'zh-CN': '您的账号尚未开通外呼，请联系管理员。',
    'en-US': 'Your account is not set up for calling; contact the operator.',
  },
  FORBIDDEN: { 'zh-CN': '没有权限。', 'en-US': 'You are not allowed to do this.' },
  FORBIDDEN_ORIGIN: { 'zh-CN': '请求来源不被允许。', 'en-US': 'Request origin is not allowed.' },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试。', 'en-US': 'Too many requests; try again shortly.' },
  SEAT_NOT_FOUND: {
    'zh-CN': '您的坐席在联络中心不存在，请联系管理员。',
    'en-US': 'Your seat does not exist in the contact center; contact the operator.',
  },
  UPSTREAM_AUTH_FAILED: {
    'zh-CN': '腾讯云凭证无效，请联系管理员。',
    'en-US': 'Tencent Cloud credentials were refused; contact the operator.',
  },
  UPSTREAM_REJECTED: {
    'zh-CN': '联络中心拒绝了请求，请联系管理员。',
    'en-US': 'The contact center refused the request; contact the operator.',
  },
  UPSTREAM_RATE_LIMITED: {
    'zh-CN': '联络中心繁忙，请稍后重试。',
    'en-US': 'The contact center is busy; try again shortly.',
  },
  UPSTREAM_TIMEOUT: {
    'zh-CN': '联络中心响应超时，请稍后重试。',
    'en-US': 'The contact center did not answer in time; try again shortly.',
  },
  UPSTREAM_UNAVAILABLE: {
    'zh-CN': '联络中心暂不可用，请稍后重试。',
    'en-US': 'The contact center is unavailable; try again shortly.',
  },
  INVALID_REQUEST: { 'zh-CN': '请求格式错误。', 'en-US': 'The request is malformed.' },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '请求内容过大。', 'en-US': 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: {
    'zh-CN': '不支持的请求内容类型。',
    'en-US': 'The request content type is not supported.',
  },
  ACCOUNT_EXISTS: { 'zh-CN': '该用户名已存在。', 'en-US': 'That username is already taken.' },
  NOT_FOUND: { 'zh-CN': '未找到。', 'en-US': 'Not found.' },
  NOT_READY: { 'zh-CN': '服务尚未就绪。', 'en-US': 'The service is not ready.' },
  STORE_UNAVAILABLE: {
    'zh-CN': '数据库暂不可用，请稍后重试。',
    'en-US': 'The database is unavailable; try again shortly.',
  },
  COORDINATION_UNAVAILABLE: {
    'zh-CN': '共享服务（Redis）暂不可用，请稍后重试。',
    'en-US': 'The shared service (Redis) is unavailable; try again shortly.',
  },
  REPLICA_UNAVAILABLE: {
    'zh-CN': '服务器暂时无法应答，请稍后重试。',
    'en-US': 'No server could answer; try again shortly.',
  },
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
  CUSTOMER_DUPLICATE: {
    'zh-CN': '该号码的客户已存在。',
    'en-US': 'A customer with this number already exists.',
  },
  PUSH_UNAUTHORIZED: {
    'zh-CN': '数据推送的身份验证失败。',
    'en-US': 'The data push was not authenticated.',
  },
  PUSH_INVALID: { 'zh-CN': '数据推送的内容格式错误。', 'en-US': 'The data push is malformed.' },
  CALL_NOT_FOUND: { 'zh-CN': '未找到该通话记录。', 'en-US': 'That call record was not found.' },
  RECORDING_NOT_FOUND: { 'zh-CN': '该通话没有录音。', 'en-US': 'That call has no recording.' },
  CAMPAIGN_NOT_FOUND: {
    'zh-CN': '未找到该外呼名单。',
    'en-US': 'That call list was not found.',
  },
  CAMPAIGN_NOT_ACTIVE: {
    'zh-CN': '该外呼名单已暂停或关闭。',
    'en-US': 'That call list is paused or closed.',
  },
  CAMPAIGN_NOT_ASSIGNED: {
    'zh-CN': '该外呼名单未分配给您。',
    'en-US': 'That call list is not assigned to you.',
  },
  CAMPAIGN_IMPORT_INVALID: {
    'zh-CN': '导入文件不是有效的名单 CSV（需要“电话”列）。',
    'en-US': 'The file is not a call-list CSV (it needs a "phone" column).',
  },
  CAMPAIGN_IMPORT_TOO_LARGE: {
    'zh-CN': '名单文件过大，每次最多 5000 行。',
    'en-US': 'The file is too large: at most 5000 rows per import.',
  },
  CAMPAIGN_TIMEZONE_INVALID: {
    'zh-CN': '时区无效。',
    'en-US': 'The time zone is not valid.',
  },
  ENTRY_PHONE_INVALID: {
    'zh-CN': '电话号码格式不正确。',
    'en-US': 'The phone number is not valid.',
  },
  ENTRY_DUPLICATE: {
    'zh-CN': '该号码在名单中重复。',
    'en-US': 'This number is already in the list.',
  },
  ENTRY_NOT_CLAIMED: {
    'zh-CN': '该名单条目不在您手上。',
    'en-US': 'You do not hold that list entry.',
  },
  DISPOSITION_UNKNOWN: {
    'zh-CN': '该名单没有这个处理结果。',
    'en-US': "That disposition is not one of the list's.",
  },
  CALLBACK_TIME_INVALID: {
    'zh-CN': '回拨时间无效。',
    'en-US': 'The callback time is not valid.',
  },
  DNC_LISTED: {
    'zh-CN': '该号码在禁呼名单中。',
    'en-US': 'This number is on the do-not-call list.',
  },
  OUTSIDE_CALLING_HOURS: {
    'zh-CN': '当前不在允许的外呼时段内。',
    'en-US': 'It is outside the allowed calling hours.',
  },
  FREQUENCY_CAP_REACHED: {
    'zh-CN': '该号码已达到外呼次数上限。',
    'en-US': 'This number has reached its calling limit.',
  },
  SIGN_IN_BUSY: {
    'zh-CN': '登录请求过多，服务器繁忙，请稍后再试。',
    'en-US': 'The server is busy with sign-ins; try again in a moment.',
  },
  MAPPING_UNAUTHORIZED: {
    'zh-CN': '号码映射请求的认证失败。',
    'en-US': 'The number mapping request is not authorised.',
  },
  MAPPING_INVALID: {
    'zh-CN': '号码映射请求格式不正确。',
    'en-US': 'The number mapping request is not valid.',
  },
  NUMBER_MAPPING_OFF: {
    'zh-CN': '本服务未开启号码映射。',
    'en-US': 'Number mapping is off on this server.',
  },
  MAPPING_ID_UNKNOWN: {
    'zh-CN': '没有这个客户编号。',
    'en-US': 'There is no customer with that ID.',
  },
  PERMIT_MISSING: {
    'zh-CN': '这次外呼没有拨号许可。',
    'en-US': 'This call has no dial permit.',
  },
  PERMIT_EXPIRED: {
    'zh-CN': '拨号许可已过期。',
    'en-US': 'The dial permit has expired.',
  },
  PERMIT_USED: {
    'zh-CN': '拨号许可已被使用。',
    'en-US': 'The dial permit was already used.',
  },
  NUMBER_PROTECTION_NEEDS_MAPPING: {
    'zh-CN': '号码保护需要先开启号码映射。',
    'en-US': 'Protecting numbers needs number mapping.',
  },
  IMPORT_FILE_TOO_LARGE: {
    'zh-CN': '导入文件超过 2 MB，请拆分后分批导入。',
    'en-US': 'The file is larger than 2 MB: split it and import the parts one by one.',
  },
  MONITOR_UNAVAILABLE: {
    'zh-CN':
      '联络中心未为您的坐席或当前版本开放实时监听，请在腾讯云联络中心控制台确认（需高级版与管理员角色）。',
    'en-US':
      "The contact center does not offer live monitoring to your seat or edition; check TCCC's console (it needs the Advanced edition and an administrator seat).",
  },
  SCORECARD_NOT_FOUND: { 'zh-CN': '评分表不存在。', 'en-US': 'There is no such scorecard.' },
  SCORE_INCOMPLETE: {
    'zh-CN': '请为评分表的每一项选择“达标”或“未达标”。',
    'en-US': 'Answer every question of the scorecard, met or not met.',
  },
};

export interface ServerErrorOptions {
  cause?: unknown;
  /** Seconds a client should wait before retrying; sent as `Retry-After`. */
  retryAfterSeconds?: number;
}

export class ServerError extends Error {
  readonly code: ServerErrorCode;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;
  constructor(code: ServerErrorCode, options?: ServerErrorOptions) {
    super(messages[code]['en-US'], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ServerError';
    this.code = code;
    this.status = serverErrorStatus[code];
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  message_(locale: 'zh-CN' | 'en-US'): string {
    return messages[this.code][locale];
  }
}

export function isServerError(value: unknown): value is ServerError {
  return value instanceof ServerError || (value as { name?: unknown } | null)?.name === 'ServerError';
}
