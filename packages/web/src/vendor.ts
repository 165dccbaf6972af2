import { TcccDialerError, type TcccDialerErrorCode, toTcccDialerError } from './errors.js';
import { mediaErrorCode } from './media-errors.js';

/** The part of the vendor's `window.tccc` this library touches (reference/tccc.md §1.3–1.8). */
export type VendorResponse = { status?: 'success' | 'error'; errorMsg?: string; data?: unknown } & Record<
  string,
  unknown
>;
export type VendorPayload = Record<string, unknown>;
type Fn = (opts?: Record<string, unknown>) => Promise<VendorResponse>;
export interface VendorTccc {
  on(event: string, handler: (payload: VendorPayload) => void): void;
  off(event: string, handler: (payload: VendorPayload) => void): void;
  events?: Record<string, string>;
  Call: {
    startOutboundCall: Fn;
    accept: Fn;
    /** Declines a ringing inbound call (2025-09); older SDKs lack it. */
    end?: Fn;
    hungUp: Fn;
    muteMic: Fn;
    unmuteMic: Fn;
    hold: Fn;
    unHold: Fn;
    sendDigits: Fn;
    transfer: Fn;
  };
  Agent?: { setStatus?: Fn; getStatus?: () => string };
  Devices?: { isBrowserSupported?: () => boolean };
  UI?: { hide?: () => void; show?: () => void };
}

/** Docs disagree on where results sit (`res.data.sessionId` vs flat), so read both shapes. */
export function readData(res: unknown): VendorPayload {
  const d = ((res as VendorResponse | undefined)?.data ?? res) as unknown;
  return d && typeof d === 'object' ? (d as VendorPayload) : {};
}

/**
 * Asks the SDK once and resolves with the reply's data. A throw, or an `{ status: 'error' }` reply,
 * rejects with `code` and the SDK's words in `reason` (e.g. the number-mapping rule that refused a
 * customer ID); the SDK reports a refused microphone only as text, so a reply naming one rejects
 * with the microphone's own code instead.
 */
export async function ask(
  code: TcccDialerErrorCode,
  request: () => Promise<VendorResponse> | undefined,
): Promise<VendorPayload> {
  let res: VendorResponse | undefined;
  try {
    res = await request();
  } catch (cause) {
    throw toTcccDialerError(cause, code);
  }
  if (res?.status === 'error')
    throw new TcccDialerError(mediaErrorCode({ message: res.errorMsg }) ?? code, res.errorMsg, {
      cause: res,
      reason: res.errorMsg,
    });
  return readData(res);
}

/** Subscribes to an SDK event by its name in `tccc.events` (else as spelled); returns the unsubscribe. */
export function listen(
  tccc: VendorTccc,
  name: string,
  handler: (payload: VendorPayload) => void,
): () => void {
  const event = tccc.events?.[name] ?? name;
  tccc.on(event, handler);
  return () => tccc.off(event, handler);
}
