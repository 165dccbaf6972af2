import type { TcccDialerErrorCode } from './errors.js';

// Where browser media exceptions become our codes (DESIGN.md flow 2); the UI never sees DOMException
// names. Older Chrome spelled some differently (PermissionDenied, DevicesNotFound, TrackStart). These
// are the failures a secure page that passed its pre-call check can still meet mid-shift: permission
// revoked, headset unplugged, microphone taken by another app.
const patterns: [RegExp, TcccDialerErrorCode][] = [
  [/NotAllowed|PermissionDenied/, 'MIC_PERMISSION_DENIED'],
  [/NotFound|Overconstrained/, 'MIC_NOT_FOUND'],
  [/NotReadable|TrackStart|AbortError/, 'MIC_IN_USE'],
];

/**
 * The microphone code of a getUserMedia failure, or of a vendor message naming one; undefined when
 * it names none. dial() reads the SDK's error text with it; the pre-call check builds on it.
 */
export function mediaErrorCode(cause: unknown): TcccDialerErrorCode | undefined {
  const e = cause as { name?: unknown; message?: unknown } | undefined;
  const said = `${e?.name} ${e?.message}`;
  return patterns.find(([re]) => re.test(said))?.[1];
}
