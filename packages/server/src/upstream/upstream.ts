/** What the rest of the server sees of the TCCC cloud API. */
export interface SdkLogin {
  sdkUrl: string;
  /** ISO time the URL stops working (10 minutes after issue, single use). */
  expiresAt: string;
}

export interface Upstream {
  /** `CreateSDKLoginToken` for one seat; concurrent calls for the same seat share one upstream call. */
  createSdkLogin(seatUserId: string): Promise<SdkLogin>;
  /**
   * Any cloud API action (`DescribeTelCdr`, ...) through the shared pacer and retries. Resolves the
   * `Response` object; throws `ServerError` with an UPSTREAM_* (or SEAT_NOT_FOUND) code.
   */
  request<T = Record<string, unknown>>(action: string, params: Record<string, unknown>): Promise<T>;
  /** Stops pacing and drops keep-alive connections (shutdown). */
  close?(): void;
}
