import { z } from 'zod';
import { isServerError, ServerError } from '../errors.js';
import type { UpstreamRequest } from '../records/cdr-api.js';

const adminUrl = z.looseObject({ URL: z.string().regex(/^https?:\/\//i) });

/**
 * `CreateAdminURL` for the supervisor's own seat: a single-use link (5 minutes) into TCCC's console,
 * where its live-call monitor is. TCCC refuses it to a seat that is not an administrator, and the
 * monitor itself is an Advanced-edition feature: both come back as MONITOR_UNAVAILABLE.
 */
export async function mintMonitorUrl(
  upstream: UpstreamRequest,
  sdkAppId: number,
  seatUserId: string,
): Promise<string> {
  let answer: unknown;
  try {
    answer = await upstream.request('CreateAdminURL', { SdkAppId: sdkAppId, SeatUserId: seatUserId });
  } catch (error) {
    if (isServerError(error) && (error.code === 'UPSTREAM_REJECTED' || error.code === 'SEAT_NOT_FOUND'))
      throw new ServerError('MONITOR_UNAVAILABLE', { cause: error });
    throw error;
  }
  const parsed = adminUrl.safeParse(answer);
  if (!parsed.success) throw new ServerError('MONITOR_UNAVAILABLE');
  return parsed.data.URL;
}
