// The emulated TCCC Web SDK, served at the SdkURL: defines `window.tccc`, logs in with the URL's token
// (`ready`, or `tokenExpired` when the token is reused or expired), then follows the seat's events.
import { createAgent } from './agent.js';
import { createCall } from './call.js';
import { createDevices } from './devices.js';
import { Emitter, events, type Handler } from './events.js';
import { Media } from './media.js';
import { Chat, createAdmin, Video } from './other-namespaces.js';
import type { AgentStatus, SdkState } from './state.js';
import { Transport } from './transport.js';
import { createUi } from './ui.js';

const script = document.currentScript as HTMLScriptElement | null;
const src = new URL(script?.src ?? location.href);
const token = src.searchParams.get('token') ?? '';

const state: SdkState = {
  transport: new Transport(src.origin),
  emitter: new Emitter(),
  media: new Media(navigator.mediaDevices),
  ready: false,
  status: 'offline',
};
const Call = createCall(state);

const renderDomId = script?.dataset.renderDomId;
const embedIn = renderDomId ? document.getElementById(renderDomId) : null;
if (renderDomId && !embedIn)
  console.warn(`tccc: no element #${renderDomId} for data-render-dom-id; using the floating UI`);
let currentSession: string | undefined;
const ui = createUi({
  document,
  embedIn,
  onDial: (phoneNumber) => void Call.startOutboundCall({ phoneNumber }),
  onHangUp: () => void Call.hungUp(currentSession ? { sessionId: currentSession } : {}),
  onAnswer: () => void (currentSession && Call.accept({ sessionId: currentSession })),
});

const tccc = {
  events,
  on: (name: string, handler: Handler): void => state.emitter.on(name, handler),
  off: (name: string, handler?: Handler): void => state.emitter.off(name, handler),
  Call,
  Agent: createAgent(state),
  Devices: createDevices(navigator),
  UI: ui.api,
  Chat,
  Video,
  Admin: createAdmin(state),
};
(window as unknown as { tccc?: typeof tccc }).tccc = tccc;

/** Media follows the call: a tone while it rings, everything released when it ends. */
function handle(name: string, payload: Record<string, unknown>): void {
  // The same tone rings the agent for an inbound call until it is accepted.
  if (name === 'callOuted' || name === 'callIn') state.media.startRingback();
  if (name === 'calloutAccepted' || name === 'userAccessed') state.media.stopRingback();
  if (name === 'sessionEnded') state.media.release();
  if (name === 'callOuted' || name === 'callIn') currentSession = String(payload.sessionId ?? '');
  if (name === 'sessionEnded' && payload.sessionId === currentSession) currentSession = undefined;
  if (name === 'statusChanged' && typeof payload.status === 'string')
    state.status = payload.status as AgentStatus;
  ui.update(name, payload);
  state.emitter.emit(name, payload);
}

const stillLoaded = (): boolean => (window as unknown as { tccc?: unknown }).tccc === tccc;

async function follow(): Promise<void> {
  while (stillLoaded()) {
    const r = await state.transport.post('poll');
    if (r.error === 'not logged in') return; // the emulator was reset: this login is gone
    if (r.error) {
      await new Promise((res) => setTimeout(res, 500));
      continue;
    }
    for (const e of (r.events as { name: string; payload: Record<string, unknown> }[] | undefined) ?? [])
      handle(e.name, e.payload);
  }
}

void (async () => {
  const r = await state.transport.post('login', { token });
  // Deferred, so listeners registered in the script's load handler still hear it.
  setTimeout(() => {
    if (r.tokenExpired) {
      state.emitter.emit(events.tokenExpired, { message: r.error });
      return;
    }
    if (r.error) {
      console.error(`tccc: login failed: ${r.error}`);
      return;
    }
    state.transport.session = String(r.session);
    state.status = r.status as AgentStatus;
    ui.setStatus(state.status);
    state.ready = true;
    state.emitter.emit(events.ready, {});
    void follow();
  }, 0);
})();
