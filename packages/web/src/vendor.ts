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
