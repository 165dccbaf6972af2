import type { TcccDialerErrorCode } from './errors.js';

// The one place browser media exceptions become our codes (DESIGN.md flow 2); the UI never sees
// DOMException names. Older Chrome spelled some differently (PermissionDenied, DevicesNotFound, TrackStart).
const patterns: [RegExp, TcccDialerErrorCode][] = [
  [/NotAllowed|PermissionDenied/, 'MIC_PERMISSION_DENIED'],
  [/NotFound|Overconstrained/, 'MIC_NOT_FOUND'],
  [/NotReadable|TrackStart|AbortError/, 'MIC_IN_USE'],
  [/SecurityError/, 'INSECURE_CONTEXT'],
];

/**
 * The code of a getUserMedia failure, or of a vendor message naming one; undefined when it names
 * nothing we know. The core reads the SDK's dial errors with it, the pre-call check the browser's.
 */
export function mediaErrorCode(cause: unknown): TcccDialerErrorCode | undefined {
  const e = cause as { name?: unknown; message?: unknown } | undefined;
  const said = `${e?.name} ${e?.message}`;
  return patterns.find(([re]) => re.test(said))?.[1];
}
