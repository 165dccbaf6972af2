import type { ServerConfig } from '../config/load-config.js';
import { isServerError } from '../errors.js';
import { createUpstream, upstreamOptionsFrom } from '../upstream/client.js';

const probeSeat = 'check-config@tccc-dialer.invalid';

/**
 * Proves the credentials with one real `CreateSDKLoginToken`. A seat that does not exist still proves
 * them: TCCC checks the signature and the SdkAppId before it looks the seat up.
 */
export async function probeCredentials(
  config: ServerConfig,
  seatUserId = probeSeat,
): Promise<{ ok: boolean; line: string }> {
  const upstream = createUpstream({
    ...upstreamOptionsFrom(config.tccc),
    qps: 1,
    deadlineMs: Math.min(config.tccc.deadlineMs, 10_000),
    maxAttempts: 2,
  });
  try {
    await upstream.createSdkLogin(seatUserId);
    return {
      ok: true,
      line: `credentials accepted by ${config.tccc.apiEndpoint}; seat ${seatUserId} exists`,
    };
  } catch (error) {
    const code = isServerError(error) ? error.code : 'UPSTREAM_UNAVAILABLE';
    switch (code) {
      case 'SEAT_NOT_FOUND':
        return {
          ok: true,
          line: `credentials accepted by ${config.tccc.apiEndpoint} (seat ${seatUserId} does not exist)`,
        };
      case 'UPSTREAM_AUTH_FAILED':
        return {
          ok: false,
          line: 'TCCC_SECRET_KEY: the cloud API refused the signature; check TCCC_SECRET_ID / TCCC_SECRET_KEY and the clock',
        };
      case 'UPSTREAM_REJECTED':
        return {
          ok: false,
          line: 'TCCC_SDK_APP_ID: the cloud API refused the request; check the SdkAppId in the TCCC console',
        };
      default:
        return {
          ok: false,
          line: `${config.mode === 'cloud' ? 'TCCC_API_ENDPOINT' : 'TCCC_EMULATOR_ENDPOINT'}: ${config.tccc.apiEndpoint} did not answer (${code}); check the endpoint and network`,
        };
    }
  } finally {
    upstream.close?.();
  }
}
