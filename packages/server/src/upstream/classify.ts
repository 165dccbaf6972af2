import type { ServerErrorCode } from '../errors.js';

export interface UpstreamFailure {
  code: ServerErrorCode;
  /** Worth another attempt: quota, 5xx, timeouts and connection errors. Everything else fails fast. */
  retryable: boolean;
  /** The cloud API's own error code, for logs (never shown to the browser). */
  upstreamCode: string | undefined;
  upstreamRequestId: string | undefined;
}

/**
 * Turns what the official client throws into our code. It throws `TencentCloudSDKHttpException` with
 * `.code` for API errors (HTTP 200 with `Response.Error`), `.httpCode` for non-200 answers, and neither
 * for network failures; a body that is not the documented JSON surfaces as a parse error or TypeError.
 */
export function classifyUpstreamError(error: unknown, timedOut: boolean): UpstreamFailure {
  const e = (error ?? {}) as {
    code?: unknown;
    httpCode?: unknown;
    requestId?: unknown;
    name?: unknown;
    type?: unknown;
  };
  const upstreamCode = typeof e.code === 'string' && e.code !== '' ? e.code : undefined;
  const upstreamRequestId = typeof e.requestId === 'string' && e.requestId !== '' ? e.requestId : undefined;
  const base = { upstreamCode, upstreamRequestId };
  if (timedOut) return { code: 'UPSTREAM_TIMEOUT', retryable: true, ...base };
  if (upstreamCode !== undefined) {
    if (upstreamCode.startsWith('RequestLimitExceeded'))
      return { code: 'UPSTREAM_RATE_LIMITED', retryable: true, ...base };
    if (upstreamCode.startsWith('AuthFailure'))
      return { code: 'UPSTREAM_AUTH_FAILED', retryable: false, ...base };
    if (upstreamCode === 'InvalidParameterValue.AccountNotExist')
      return { code: 'SEAT_NOT_FOUND', retryable: false, ...base };
    if (upstreamCode.startsWith('InternalError') || upstreamCode === 'ServiceUnavailable')
      return { code: 'UPSTREAM_UNAVAILABLE', retryable: true, ...base };
    return { code: 'UPSTREAM_REJECTED', retryable: false, ...base };
  }
  if (typeof e.httpCode === 'number') {
    if (e.httpCode === 429) return { code: 'UPSTREAM_RATE_LIMITED', retryable: true, ...base };
    return { code: 'UPSTREAM_UNAVAILABLE', retryable: e.httpCode >= 500, ...base };
  }
  // Unparseable body (node-fetch `invalid-json`, or a JSON without `Response`): not transient, fail fast.
  if (e.type === 'invalid-json' || error instanceof SyntaxError || error instanceof TypeError)
    return { code: 'UPSTREAM_UNAVAILABLE', retryable: false, ...base };
  // No status and no code: the connection failed (refused, reset, DNS).
  return { code: 'UPSTREAM_UNAVAILABLE', retryable: true, ...base };
}
