import { type Clock, systemClock } from './clock.js';
import { Dialer } from './dialer.js';
import { TcccDialerError, toTcccDialerError } from './errors.js';
import { listen, type VendorTccc } from './vendor.js';

export type GetSdkUrl = (signal: AbortSignal) => Promise<string | { sdkUrl: string }>;

export interface LoadTcccOptions {
  /** Fetches a fresh, single-use SdkURL; or the path of a server endpoint answering `{ sdkUrl }` to a POST. */
  getSdkUrl: GetSdkUrl | string;
  /** The whole load, URL to `ready`, in ms (default 20000). */
  timeoutMs?: number;
  /** Ends this caller's wait with SDK_LOAD_ABORTED; the shared load goes on for other callers. */
  signal?: AbortSignal;
  /** `hidden` hides the SDK's own UI (`tccc.UI.hide()`) for a custom call bar. */
  ui?: 'builtin' | 'hidden';
  /** An element (or its id) the vendor workbench renders into; at least 760×480 px. */
  renderInto?: HTMLElement | string;
  /** The SDK's origin, to preconnect while `getSdkUrl` runs (remembered after the first load). */
  sdkOrigin?: string;
  /** Called with each warning (RENDER_TARGET_TOO_SMALL, ANOTHER_TAB_ACTIVE); also a Dialer event. */
  onWarning?: (warning: TcccDialerError) => void;
  document?: Document;
  fetch?: typeof fetch;
  clock?: Clock;
  mediaDevices?: Pick<MediaDevices, 'enumerateDevices' | 'addEventListener' | 'removeEventListener'>;
}

/** The page's window, where the SDK defines `tccc`. */
const tcccWindow = (doc: Document) => doc.defaultView as (Window & { tccc?: VendorTccc | undefined }) | null;

const SCRIPT_ID = 'tccc-dialer-sdk';
const memo = new WeakMap<Document, Promise<Dialer>>();
const knownOrigin = new WeakMap<Document, string>();

/**
 * Loads the vendor SDK once per page and resolves with a Dialer after `ready` (DESIGN.md flow 4).
 * Every call while loading or loaded gets the same Dialer, so Vue/React double mounting is safe.
 * Misuse throws at once; runtime failures reject with a TcccDialerError.
 */
export function loadTccc(options: LoadTcccOptions): Promise<Dialer> {
  const bad = (what: string) => new TcccDialerError('INVALID_ARGUMENT', what);
  const { getSdkUrl, timeoutMs, ui, renderInto, signal } = options ?? {};
  if (typeof getSdkUrl !== 'function' && typeof getSdkUrl !== 'string') throw bad('getSdkUrl');
  if (timeoutMs !== undefined && !(timeoutMs > 0)) throw bad('timeoutMs');
  if (ui !== undefined && ui !== 'builtin' && ui !== 'hidden') throw bad('ui');
  const doc = options.document ?? globalThis.document;
  if (!doc)
    throw new TcccDialerError('INVALID_STATE', 'loadTccc needs a browser document (not server rendering)');
  const target = typeof renderInto === 'string' ? doc.getElementById(renderInto) : renderInto;
  if (renderInto !== undefined && !target) throw bad(`renderInto: no element ${renderInto}`);

  const loading = memo.get(doc) ?? remember(doc, load(doc, options, target ?? undefined));
  if (!signal) return loading;
  // A caller's signal ends only its own wait: under React StrictMode the first mount aborts while
  // the second still wants the same load.
  return new Promise((resolve, reject) => {
    const onAbort = () =>
      reject(new TcccDialerError('SDK_LOAD_ABORTED', undefined, { cause: signal.reason }));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    loading.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Shares a load with every later caller, and forgets it after a failure so the next call starts afresh. */
function remember(doc: Document, loading: Promise<Dialer>): Promise<Dialer> {
  memo.set(doc, loading);
  loading.catch(() => memo.get(doc) === loading && memo.delete(doc));
  return loading;
}

async function load(doc: Document, o: LoadTcccOptions, target: HTMLElement | undefined): Promise<Dialer> {
  const win = tcccWindow(doc);
  if (win?.tccc && !doc.getElementById(SCRIPT_ID))
    throw new TcccDialerError('INVALID_STATE', 'window.tccc exists: the SDK was loaded outside loadTccc');
  const clock = o.clock ?? systemClock;
  const timeoutMs = o.timeoutMs ?? 20_000;
  let timer: unknown;
  const stop = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(
      () => reject(new TcccDialerError('SDK_LOAD_TIMEOUT', `no ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  stop.catch(() => {});
  if (target) {
    const { width, height } = target.getBoundingClientRect();
    if (width < 760 || height < 480)
      o.onWarning?.(
        new TcccDialerError('RENDER_TARGET_TOO_SMALL', `${Math.round(width)}×${Math.round(height)}`),
      );
  }
  // Overlap the two round trips: connect to the SDK host while the server mints the URL.
  const origin = o.sdkOrigin ?? knownOrigin.get(doc);
  const hint = origin
    ? doc.head.appendChild(
        Object.assign(doc.createElement('link'), {
          rel: 'preconnect',
          href: origin,
          crossOrigin: 'anonymous',
        }),
      )
    : undefined;
  const urlAbort = new AbortController();
  try {
    for (let attempt = 0; ; attempt++) {
      const url = await Promise.race([sdkUrl(o, doc, urlAbort.signal), stop]);
      knownOrigin.set(doc, new URL(url).origin);
      const tccc = await Promise.race([inject(doc, url, target), stop]);
      if (tccc) {
        if (o.ui === 'hidden') tccc.UI?.hide?.();
        return new Dialer({
          tccc,
          clock,
          window: win,
          mediaDevices: o.mediaDevices ?? win?.navigator?.mediaDevices,
          onWarning: o.onWarning,
          onDestroy: () => {
            removeSdk(doc);
            memo.delete(doc);
          },
        });
      }
      // tokenExpired: one automatic retry with a fresh URL, then a typed error.
      removeSdk(doc);
      if (attempt) throw new TcccDialerError('SDK_TOKEN_EXPIRED', 'still expired after one refresh');
    }
  } catch (e) {
    urlAbort.abort();
    removeSdk(doc);
    throw e;
  } finally {
    clock.clearTimeout(timer);
    hint?.remove();
  }
}

async function sdkUrl(o: LoadTcccOptions, doc: Document, signal: AbortSignal): Promise<string> {
  const get =
    typeof o.getSdkUrl === 'string'
      ? sdkUrlFromEndpoint(o.getSdkUrl, o.fetch ? { fetch: o.fetch } : {})
      : o.getSdkUrl;
  let r: string | { sdkUrl: string } | undefined;
  try {
    r = await get(signal);
  } catch (cause) {
    throw toTcccDialerError(cause, 'SDK_URL_FETCH_FAILED');
  }
  const raw = typeof r === 'string' ? r : r?.sdkUrl;
  let url: URL | undefined;
  try {
    url = new URL(String(raw), doc.baseURI);
  } catch {}
  if (!raw || !url || !/^https?:$/.test(url.protocol))
    throw new TcccDialerError('SDK_URL_FETCH_FAILED', 'getSdkUrl gave no http(s) URL');
  return url.href;
}

/** Resolves with `window.tccc` on `ready`, or undefined on `tokenExpired`. */
function inject(
  doc: Document,
  url: string,
  target: HTMLElement | undefined,
): Promise<VendorTccc | undefined> {
  return new Promise((resolve, reject) => {
    const script = doc.createElement('script');
    script.id = SCRIPT_ID;
    script.crossOrigin = 'anonymous';
    if (target) {
      target.id ||= 'tccc-dialer-render';
      script.dataset.renderDomId = target.id;
    }
    script.addEventListener('error', (cause) =>
      // The URL carries the token: name only its origin and path.
      reject(new TcccDialerError('SDK_LOAD_FAILED', url.split('?')[0], { cause })),
    );
    script.addEventListener('load', () => {
      const tccc = tcccWindow(doc)?.tccc;
      if (!tccc?.on) return reject(new TcccDialerError('SDK_GLOBAL_MISSING'));
      const stops: Array<() => void> = [];
      const settle = (value: VendorTccc | undefined) => () => {
        for (const stop of stops) stop();
        resolve(value);
      };
      stops.push(listen(tccc, 'ready', settle(tccc)), listen(tccc, 'tokenExpired', settle(undefined)));
    });
    script.src = url;
    doc.body.appendChild(script);
  });
}

function removeSdk(doc: Document): void {
  doc.getElementById(SCRIPT_ID)?.remove();
  for (const el of doc.querySelectorAll('#tcccSdkDomRoot, t3c-sdk')) el.remove();
  const win = tcccWindow(doc);
  if (win) win.tccc = undefined;
}

/**
 * A getSdkUrl that POSTs to your server's endpoint with the session cookie and reads `{ sdkUrl }`.
 * A network failure rejects as `fetch` does; loadTccc reports it as SDK_URL_FETCH_FAILED with that cause.
 */
export function sdkUrlFromEndpoint(
  url = '/api/tccc/sdk-url',
  options: { fetch?: typeof fetch } = {},
): (signal: AbortSignal) => Promise<{ sdkUrl: string }> {
  return async (signal) => {
    const f = options.fetch ?? globalThis.fetch.bind(globalThis);
    const res = await f(url, { method: 'POST', credentials: 'same-origin', signal });
    if (res.status === 401) throw new TcccDialerError('UNAUTHENTICATED');
    if (!res.ok) throw new TcccDialerError('SDK_URL_FETCH_FAILED', `HTTP ${res.status}`);
    const body = (await res.json().catch(() => undefined)) as { sdkUrl?: unknown } | undefined;
    if (typeof body?.sdkUrl !== 'string')
      throw new TcccDialerError('SDK_URL_FETCH_FAILED', 'no sdkUrl in reply');
    return { sdkUrl: body.sdkUrl };
  };
}
