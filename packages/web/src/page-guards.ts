// Runtime care of the page while the softphone is loaded (reference/peers.md §4 rows 3 and 11): the
// `@tccc-dialer/web/guards` entry. Built on the Dialer's public events, so a softphone that wants
// none of it carries none of it.
import type { Call, IncomingCall } from './call.js';
import type { Dialer } from './dialer.js';
import type { TcccDialerError } from './errors.js';
import { warning } from './guards-errors.js';

/** Asks the browser to confirm leaving the page. Returns a function that removes the guard. */
export function guardUnload(
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
): () => void {
  const onBeforeUnload = (e: Event) => {
    e.preventDefault();
    // Older Chromium prompts only when returnValue is set; Reflect.set does not throw where it is read-only.
    Reflect.set(e, 'returnValue', '');
  };
  target.addEventListener('beforeunload', onBeforeUnload);
  return () => target.removeEventListener('beforeunload', onBeforeUnload);
}

/** Calls `onOther` whenever another tab of this origin holds the softphone. Returns a close function. */
export function watchOtherTabs(
  Channel: (new (name: string) => BroadcastChannel) | undefined,
  onOther: () => void,
): () => void {
  if (!Channel) return () => {};
  const channel = new Channel('tccc-dialer');
  channel.onmessage = (e) => {
    if (e.data === 'hello') channel.postMessage('here');
    onOther();
  };
  channel.postMessage('hello');
  return () => channel.close();
}

export interface GuardPageOptions {
  /** Where `beforeunload` is guarded and `BroadcastChannel` found; defaults to the page's window. */
  window?: (EventTarget & { BroadcastChannel?: new (name: string) => BroadcastChannel }) | undefined;
  /** ANOTHER_TAB_ACTIVE, whenever another tab of this origin holds the softphone. */
  onWarning?: (warning: TcccDialerError) => void;
}

/**
 * Guards the page while `dialer` is loaded: the browser asks before leaving while a call is live
 * (dialled, or an inbound call once connected), and `onWarning` hears ANOTHER_TAB_ACTIVE when
 * another tab of this origin holds a softphone too. Returns the stop; call it before `destroy()`.
 */
export function guardPage(dialer: Dialer, options: GuardPageOptions = {}): () => void {
  const win = options.window ?? (globalThis.window as GuardPageOptions['window']);
  const guards = new Set<() => void>();
  const live = (call: Call) => {
    if (!win || call.state === 'ended') return;
    const unguard = guardUnload(win);
    guards.add(unguard);
    void call.ended.then(() => {
      unguard();
      guards.delete(unguard);
    });
  };
  const current = dialer.currentCall;
  if (current) live(current);
  const stops = [
    dialer.on('call', live),
    dialer.on('callIn', (call: IncomingCall) =>
      call.on('state', (state) => state === 'connected' && live(call)),
    ),
    watchOtherTabs(win?.BroadcastChannel, () => options.onWarning?.(warning('ANOTHER_TAB_ACTIVE'))),
  ];
  return () => {
    for (const stop of [...stops, ...guards]) stop();
  };
}

/**
 * RENDER_TARGET_TOO_SMALL when `element` is under the 760×480 px the vendor workbench needs, for
 * `loadTccc({ renderInto })`; undefined when it fits.
 */
export function checkRenderTarget(
  element: Pick<Element, 'getBoundingClientRect'>,
): TcccDialerError | undefined {
  const { width, height } = element.getBoundingClientRect();
  return width < 760 || height < 480
    ? warning('RENDER_TARGET_TOO_SMALL', `${Math.round(width)}×${Math.round(height)}`)
    : undefined;
}
