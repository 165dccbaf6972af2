import { Dialer } from './dialer.js';
import { TcccDialerError } from './errors.js';
import type { VendorTccc } from './vendor.js';

export interface LoadTcccOptions {
  getSdkUrl: (signal: AbortSignal) => Promise<string | { sdkUrl: string }>;
  timeoutMs?: number;
  signal?: AbortSignal;
  ui?: 'builtin' | 'hidden';
  renderInto?: HTMLElement | string;
  sdkOrigin?: string;
  document?: Document;
}

const memo = new WeakMap<Document, Promise<Dialer>>();
const SCRIPT_ID = 'tccc-dialer-sdk';

/** Loads the vendor SDK once per page and resolves with a Dialer after `ready`. */
export function loadTccc(options: LoadTcccOptions): Promise<Dialer> {
  if (!options || typeof options.getSdkUrl !== 'function') {
    throw new TcccDialerError('INVALID_ARGUMENT', 'loadTccc needs options.getSdkUrl');
  }
  const doc = options.document ?? globalThis.document;
  const existing = memo.get(doc);
  if (existing) return existing;
  const p = load(doc, options).catch((e: unknown) => {
    memo.delete(doc);
    throw e;
  });
  memo.set(doc, p);
  return p;
}

async function load(doc: Document, o: LoadTcccOptions): Promise<Dialer> {
  const ac = new AbortController();
  const timeoutMs = o.timeoutMs ?? 15000;
  let failTimer: (e: TcccDialerError) => void = () => {};
  const stop = new Promise<never>((_, reject) => {
    failTimer = reject;
  });
  stop.catch(() => {});
  const timer = setTimeout(() => {
    ac.abort();
    failTimer(new TcccDialerError('SDK_LOAD_TIMEOUT', `no ready within ${timeoutMs} ms`));
  }, timeoutMs);
  const onAbort = () => {
    ac.abort();
    failTimer(new TcccDialerError('SDK_LOAD_ABORTED', undefined, { cause: o.signal?.reason }));
  };
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.sdkOrigin) preconnect(doc, o.sdkOrigin);
  try {
    for (let attempt = 0; ; attempt++) {
      const url = await Promise.race([fetchUrl(o, ac.signal), stop]);
      const outcome = await Promise.race([inject(doc, url, o), stop]);
      if (outcome !== 'expired') {
        if (o.ui === 'hidden') outcome.UI?.hide?.();
        return new Dialer(outcome, () => removeSdk(doc));
      }
      removeSdk(doc);
      if (attempt >= 1) throw new TcccDialerError('SDK_TOKEN_EXPIRED');
    }
  } catch (e) {
    removeSdk(doc);
    throw e;
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

async function fetchUrl(o: LoadTcccOptions, signal: AbortSignal): Promise<string> {
  let r: string | { sdkUrl: string };
  try {
    r = await o.getSdkUrl(signal);
  } catch (cause) {
    throw cause instanceof TcccDialerError
      ? cause
      : new TcccDialerError('SDK_URL_FETCH_FAILED', undefined, { cause });
  }
  const url = typeof r === 'string' ? r : r?.sdkUrl;
  if (typeof url !== 'string' || !url)
    throw new TcccDialerError('SDK_URL_FETCH_FAILED', 'getSdkUrl returned no URL');
  return url;
}

function preconnect(doc: Document, origin: string): void {
  const link = doc.createElement('link');
  link.rel = 'preconnect';
  link.href = origin;
  link.crossOrigin = 'anonymous';
  doc.head.appendChild(link);
}

function inject(doc: Document, url: string, o: LoadTcccOptions): Promise<VendorTccc | 'expired'> {
  return new Promise((resolve, reject) => {
    const win = doc.defaultView as (Window & { tccc?: VendorTccc }) | null;
    const script = doc.createElement('script');
    script.id = SCRIPT_ID;
    script.crossOrigin = 'anonymous';
    if (o.renderInto) {
      const el = typeof o.renderInto === 'string' ? doc.getElementById(o.renderInto) : o.renderInto;
      if (!el)
        throw new TcccDialerError(
          'INVALID_ARGUMENT',
          `renderInto element not found: ${String(o.renderInto)}`,
        );
      if (!el.id) el.id = 'tccc-dialer-render';
      script.dataset.renderDomId = el.id;
    }
    script.addEventListener('error', (cause) =>
      reject(new TcccDialerError('SDK_LOAD_FAILED', url.split('?')[0], { cause })),
    );
    script.addEventListener('load', () => {
      const tccc = win?.tccc;
      if (!tccc) return reject(new TcccDialerError('SDK_GLOBAL_MISSING'));
      const ready = () => {
        done();
        resolve(tccc);
      };
      const expired = () => {
        done();
        resolve('expired');
      };
      const readyEv = tccc.events?.ready ?? 'ready';
      const expEv = tccc.events?.tokenExpired ?? 'tokenExpired';
      const done = () => {
        tccc.off(readyEv, ready);
        tccc.off(expEv, expired);
      };
      tccc.on(readyEv, ready);
      tccc.on(expEv, expired);
    });
    script.src = url;
    doc.body.appendChild(script);
  });
}

function removeSdk(doc: Document): void {
  doc.getElementById(SCRIPT_ID)?.remove();
  doc.getElementById('tcccSdkDomRoot')?.remove();
  const win = doc.defaultView as (Window & { tccc?: unknown }) | null;
  if (win) win.tccc = undefined;
  memo.delete(doc);
}

/** A getSdkUrl that POSTs to the server endpoint with the session cookie. */
export function sdkUrlFromEndpoint(
  url = '/api/tccc/sdk-url',
  options: { fetch?: typeof fetch } = {},
): (signal: AbortSignal) => Promise<{ sdkUrl: string }> {
  return async (signal) => {
    const f = options.fetch ?? globalThis.fetch.bind(globalThis);
    let res: Response;
    try {
      res = await f(url, { method: 'POST', credentials: 'same-origin', signal });
    } catch (cause) {
      throw new TcccDialerError('SDK_URL_FETCH_FAILED', undefined, { cause });
    }
    if (res.status === 401) throw new TcccDialerError('UNAUTHENTICATED');
    if (!res.ok) throw new TcccDialerError('SDK_URL_FETCH_FAILED', `HTTP ${res.status}`);
    const body = (await res.json()) as { sdkUrl?: unknown };
    if (typeof body.sdkUrl !== 'string')
      throw new TcccDialerError('SDK_URL_FETCH_FAILED', 'no sdkUrl in reply');
    return { sdkUrl: body.sdkUrl };
  };
}
