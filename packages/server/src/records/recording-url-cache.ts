/** How long TCCC says a DescribeSessionDetail RecordURL may be fetched (24 h), when the link does not say. */
const sessionDetailLifetimeMs = 24 * 3600_000;
/** A cached link is dropped this long before it expires, so a player never gets one about to lapse. */
const marginMs = 3600_000;

/** When a signed link says it expires: `expires=` / `Expires=` (Unix s) or COS's `q-sign-time=a;b`. */
export function signedUrlExpiry(url: string): number | undefined {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  const plain = params.get('expires') ?? params.get('Expires');
  if (plain !== null && /^\d{9,11}$/.test(plain)) return Number(plain) * 1000;
  const cos = /q-sign-time=\d+;(\d+)/.exec(params.get('sign') ?? params.get('q-sign-time') ?? url);
  return cos?.[1] === undefined ? undefined : Number(cos[1]) * 1000;
}

export interface RecordingUrlCache {
  get(key: string): string | undefined;
  set(key: string, url: string): void;
}

export interface RecordingUrlCacheOptions {
  maxEntries?: number;
  /** The longest a link is kept, whatever it says (default: DescribeSessionDetail's 24 h). */
  lifetimeMs?: number;
}

/**
 * The signed recording link per call or recording, in this process's memory only (never in the
 * database), until shortly before it expires: replaying a call does not ask TCCC again.
 */
export function createRecordingUrlCache(
  now: () => number,
  options: RecordingUrlCacheOptions = {},
): RecordingUrlCache {
  const maxEntries = options.maxEntries ?? 5000;
  const lifetimeMs = options.lifetimeMs ?? sessionDetailLifetimeMs;
  const entries = new Map<string, { url: string; until: number }>();
  return {
    get(sessionId) {
      const e = entries.get(sessionId);
      if (e === undefined) return undefined;
      if (e.until <= now()) {
        entries.delete(sessionId);
        return undefined;
      }
      return e.url;
    },
    set(sessionId, url) {
      const at = now();
      const expires = Math.min(signedUrlExpiry(url) ?? Number.POSITIVE_INFINITY, at + lifetimeMs);
      const until = expires - marginMs;
      if (until <= at) return;
      entries.delete(sessionId);
      entries.set(sessionId, { url, until });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}
