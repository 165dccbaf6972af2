import { type Clock, systemClock } from './clock.js';
import { Dialer } from './dialer.js';
import { TcccDialerError, toTcccDialerError } from './errors.js';
import { listen, type VendorTccc } from './vendor.js';

export type GetSdkUrl = (signal: AbortSignal) => Promise<string | { sdkUrl: string }>;
/** Installs a microphone choice on the page's media devices; returns the undo. */
export type MicrophonePicker = (mediaDevices: MediaDevices) => () => void;

export interface LoadTcccOptions {
  /** Fetches a fresh, single-use SdkURL; or the path of a server endpoint answering `{ sdkUrl }` to a POST. */
  getSdkUrl: GetSdkUrl | string;
  /** The whole load, URL to `ready`, in ms (default 20000). */
  timeoutMs?: number;
  /** Ends this caller's wait with SDK_LOAD_ABORTED; the shared load goes on for other callers. */
  signal?: AbortSignal;
  /** `hidden` hides the SDK's own UI (`tccc.UI.hide()`) for a custom call bar. */
  ui?: 'builtin' | 'hidden';
  /**
   * An element (or its id) the vendor workbench renders into; at least 760×480 px
   * (`checkRenderTarget` from `@tccc-dialer/web/guards` says when it is smaller).
   */
  renderInto?: HTMLElement | string;
  /** The SDK's origin, to preconnect while `getSdkUrl` runs (remembered after the first load). */
  sdkOrigin?: string;
  /**
   * Makes the SDK use the chosen microphone (`devices.microphonePicker` from
   * `@tccc-dialer/web/devices`). The SDK has no API to choose one, so this runs before its script
   * loads, wraps the page's `getUserMedia`, and is undone by `destroy()` (or a failed load).
   */
  microphone?: MicrophonePicker;
  document?: Document;
  fetch?: typeof fetch;
  clock?: Clock;
}

/** The page's window, where the SDK defines `tccc`. */
type TcccWindow = Window & { tccc?: VendorTccc | undefined };

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
  if (!doc) throw new TcccDialerError('INVALID_STATE', 'no document (server rendering?)');
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
  const win = doc.defaultView as TcccWindow | null;
  if (win?.tccc && !doc.getElementById(SCRIPT_ID))
    throw new TcccDialerError('INVALID_STATE', 'window.tccc was loaded outside loadTccc');
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
  // The URL is asked for next: the picker below and the caller's own set-up after loadTccc returns
  // run while the server mints it, not before.
  let firstUrl: Promise<string> | undefined = sdkUrl(o, doc, urlAbort.signal);
  firstUrl.catch(() => {});
  let unpick = () => {};
  const undo = () => {
    unpick();
    removeSdk(doc, win);
  };
  try {
    // Installed before the script runs: an SDK may keep its own reference to getUserMedia.
    const md = win?.navigator?.mediaDevices;
    unpick = (md && o.microphone?.(md)) || unpick;
    for (let attempt = 0; ; attempt++) {
      // A retry after tokenExpired needs a fresh URL: each one logs in once.
      const url = await Promise.race([firstUrl ?? sdkUrl(o, doc, urlAbort.signal), stop]);
      firstUrl = undefined;
      knownOrigin.set(doc, new URL(url).origin);
      const tccc = await Promise.race([inject(doc, win, url, target), stop]);
      if (tccc) {
        if (o.ui === 'hidden') tccc.UI?.hide?.();
        return new Dialer({
          tccc,
          clock,
          onDestroy: () => {
            undo();
            memo.delete(doc);
          },
        });
      }
      // tokenExpired: one automatic retry with a fresh URL, then a typed error.
      removeSdk(doc, win);
      if (attempt) throw new TcccDialerError('SDK_TOKEN_EXPIRED', 'after one refresh');
    }
  } catch (e) {
    urlAbort.abort();
    undo();
    throw e;
  } finally {
    clock.clearTimeout(timer);
    hint?.remove();
  }
}

async function sdkUrl(o: LoadTcccOptions, doc: Document, signal: AbortSignal): Promise<string> {
  const get = typeof o.getSdkUrl === 'string' ? sdkUrlFromEndpoint(o.getSdkUrl, o) : o.getSdkUrl;
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
  if (!raw || !/^https?:$/.test(`${url?.protocol}`))
    throw new TcccDialerError('SDK_URL_FETCH_FAILED', 'getSdkUrl gave no http(s) URL');
  return `${url}`;
}

/** Resolves with `window.tccc` on `ready`, or undefined on `tokenExpired`. */
function inject(
  doc: Document,
  win: TcccWindow | null,
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
      const tccc = win?.tccc;
      if (!tccc?.on) return reject(new TcccDialerError('SDK_GLOBAL_MISSING'));
      const stops = ['ready', 'tokenExpired'].map((name) =>
        listen(tccc, name, () => {
          for (const stop of stops) stop();
          resolve(name === 'ready' ? tccc : undefined);
        }),
      );
    });
    script.src = url;
    doc.body.appendChild(script);
  });
}

function removeSdk(doc: Document, win: TcccWindow | null): void {
  doc.getElementById(SCRIPT_ID)?.remove();
  for (const el of doc.querySelectorAll('#tcccSdkDomRoot, t3c-sdk')) el.remove();
  if (win) win.tccc = undefined;
}

/**
 * A getSdkUrl that POSTs to your server's endpoint with the session cookie and reads `{ sdkUrl }`.
 * A network failure rejects as `fetch` does; loadTccc reports it as SDK_URL_FETCH_FAILED with that cause.
 */
export function sdkUrlFromEndpoint(
  url = '/api/tccc/sdk-url',
  options: { fetch?: typeof fetch | undefined } = {},
): (signal: AbortSignal) => Promise<{ sdkUrl: string }> {
  return async (signal) => {
    const res = await (options.fetch ?? fetch)(url, { method: 'POST', credentials: 'same-origin', signal });
    if (!res.ok)
      throw new TcccDialerError(
        res.status === 401 ? 'UNAUTHENTICATED' : 'SDK_URL_FETCH_FAILED',
        `HTTP ${res.status}`,
      );
    const body = await res.json().catch(() => undefined);
    if (typeof body?.sdkUrl !== 'string')
      throw new TcccDialerError('SDK_URL_FETCH_FAILED', 'no sdkUrl in reply');
    return { sdkUrl: body.sdkUrl };
  };
}
