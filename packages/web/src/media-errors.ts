import { TcccDialerError, type TcccDialerErrorCode } from './errors.js';

// The one place browser media exceptions become our codes (DESIGN.md flow 2); the UI never sees
// DOMException names. Older Chrome spelled some differently (PermissionDenied, DevicesNotFound, TrackStart).
const patterns: [RegExp, TcccDialerErrorCode][] = [
  [/NotAllowed|PermissionDenied/, 'MIC_PERMISSION_DENIED'],
  [/NotFound|Overconstrained/, 'MIC_NOT_FOUND'],
  [/NotReadable|TrackStart|AbortError/, 'MIC_IN_USE'],
  [/SecurityError/, 'INSECURE_CONTEXT'],
];

/**
 * Maps a getUserMedia failure, or a vendor message naming one, to a TcccDialerError;
 * MIC_CHECK_FAILED when it names nothing we know.
 */
export function mediaError(cause: unknown): TcccDialerError {
  const e = cause as { name?: unknown; message?: unknown } | undefined;
  const said = `${e?.name} ${e?.message}`;
  const code = patterns.find(([re]) => re.test(said))?.[1] ?? 'MIC_CHECK_FAILED';
  return new TcccDialerError(code, typeof e?.name === 'string' ? e.name : undefined, { cause });
}
