import { z } from 'zod';

/** The two TCCC actions call records need, so sync and playback can run against any client. */
export interface CdrApi {
  describeTelCdr(params: {
    StartTimeStamp: number;
    EndTimeStamp: number;
    PageSize: number;
    PageNumber: number;
  }): Promise<unknown>;
  describeSessionDetail(params: {
    SessionId: string;
    StartTimestamp: number;
    EndTimestamp: number;
  }): Promise<unknown>;
}

/** The generic cloud-API call the server's upstream offers (paced, retried, errors mapped). */
export interface UpstreamRequest {
  request<T>(action: string, params: Record<string, unknown>): Promise<T>;
}

/** CdrApi over the shared upstream client; the SdkAppId is added here. */
export function cdrApiFromUpstream(upstream: UpstreamRequest, sdkAppId: number): CdrApi {
  return {
    describeTelCdr: (p) => upstream.request('DescribeTelCdr', { SdkAppId: sdkAppId, ...p }),
    describeSessionDetail: (p) => upstream.request('DescribeSessionDetail', { SdkAppId: sdkAppId, ...p }),
  };
}

export const telCdrPageSchema = z.looseObject({
  TotalCount: z.number().int().nonnegative(),
  // TelCdrs is the deprecated name of the same list; older endpoints still send only it.
  // Items are checked one by one (see syncCdrs), so one odd record cannot block a whole page.
  TelCdrList: z.array(z.unknown()).optional(),
  TelCdrs: z.array(z.unknown()).optional(),
});
