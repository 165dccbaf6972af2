// Browser SDK served at the SdkURL; bundled with esbuild at emulator start.
type Handler = (payload: unknown) => void;
interface Resp {
  status: 'success' | 'error';
  errorMsg?: string;
  data?: unknown;
}

const script = document.currentScript as HTMLScriptElement | null;
const src = new URL(script?.src ?? location.href);
const base = src.origin;
const token = src.searchParams.get('token') ?? '';
const handlers = new Map<string, Set<Handler>>();
const events = {
  ready: 'ready',
  tokenExpired: 'tokenExpired',
  callIn: 'callIn',
  userAccessed: 'userAccessed',
  autoTransfer: 'autoTransfer',
  sessionEnded: 'sessionEnded',
  sessionCompleted: 'sessionCompleted',
  callOuted: 'callOuted',
  calloutAccepted: 'calloutAccepted',
  transfer: 'transfer',
  statusChanged: 'statusChanged',
} as const;

function emit(name: string, payload: unknown): void {
  for (const h of handlers.get(name) ?? []) h(payload);
}
const ok = (data?: unknown): Resp =>
  data === undefined ? { status: 'success' } : { status: 'success', data };
const fail = (errorMsg: string): Resp => ({ status: 'error', errorMsg });

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(`${base}/sdk/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ...(body as object) }),
  });
  return (await r.json()) as Record<string, unknown>;
}

let muted = false;
let status = 'free';
let stream: MediaStream | undefined;
let polling = false;

async function poll(): Promise<void> {
  if (polling) return;
  polling = true;
  while (polling) {
    try {
      const r = await post('poll', {});
      for (const e of (r.events as { name: string; payload: unknown }[]) ?? []) {
        if (e.name === 'sessionEnded') {
          for (const t of stream?.getTracks() ?? []) t.stop();
          stream = undefined;
        }
        emit(e.name, e.payload);
      }
    } catch {
      // the emulator may be restarting; keep polling
    }
    await new Promise((res) => setTimeout(res, 150));
  }
}

const Call = {
  async startOutboundCall(o: {
    phoneNumber: string;
    phoneDesc?: string;
    uui?: string;
    callerPhoneNumber?: string;
  }): Promise<Resp> {
    if (!o?.phoneNumber) return fail('phoneNumber is required');
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (e) {
      return fail(`Microphone unavailable: ${(e as Error).name}: ${(e as Error).message}`);
    }
    const r = await post('call', o);
    if (r.error) return fail(String(r.error));
    return ok({ sessionId: r.sessionId });
  },
  async hungUp(o?: { sessionId?: string }): Promise<Resp> {
    const r = await post('hangup', o ?? {});
    return r.error ? fail(String(r.error)) : ok();
  },
  async accept(o?: { sessionId?: string }): Promise<Resp> {
    const r = await post('accept', o ?? {});
    return r.error ? fail(String(r.error)) : ok();
  },
  async deleteCall(o?: { sessionId?: string }): Promise<Resp> {
    return Call.hungUp(o);
  },
  async muteMic(): Promise<Resp> {
    muted = true;
    for (const t of stream?.getAudioTracks() ?? []) t.enabled = false;
    return ok();
  },
  async unmuteMic(): Promise<Resp> {
    muted = false;
    for (const t of stream?.getAudioTracks() ?? []) t.enabled = true;
    return ok();
  },
  isMicMuted(): boolean {
    return muted;
  },
  async hold(o?: { sessionId?: string }): Promise<Resp> {
    const r = await post('op', { ...o, op: 'hold' });
    return r.error ? fail(String(r.error)) : ok();
  },
  async unHold(o?: { sessionId?: string }): Promise<Resp> {
    const r = await post('op', { ...o, op: 'unHold' });
    return r.error ? fail(String(r.error)) : ok();
  },
  async sendDigits(o: { sessionId?: string; dtmfText: string }): Promise<Resp> {
    const r = await post('op', { ...o, op: 'dtmf' });
    return r.error ? fail(String(r.error)) : ok();
  },
  async transfer(o: {
    sessionId?: string;
    type?: string;
    phoneNumber?: string;
    userId?: string;
  }): Promise<Resp> {
    const r = await post('op', { ...o, op: 'transfer' });
    return r.error ? fail(String(r.error)) : ok();
  },
  async startInternalCall(): Promise<Resp> {
    return fail('startInternalCall is not supported by the emulator');
  },
};

const Agent = {
  async online(): Promise<Resp> {
    return Agent.setStatus('free');
  },
  async offline(): Promise<Resp> {
    return Agent.setStatus('offline');
  },
  async setStatus(s: string): Promise<Resp> {
    status = s;
    emit('statusChanged', { status: s });
    return ok();
  },
  getStatus(): string {
    return status;
  },
};

const Devices = {
  isBrowserSupported(): boolean {
    return Boolean(navigator.mediaDevices?.getUserMedia);
  },
  async getMicrophones(): Promise<MediaDeviceInfo[]> {
    return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
  },
  async getSpeakers(): Promise<MediaDeviceInfo[]> {
    return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audiooutput');
  },
};

const ui = { floatButton: true, workbench: false };
const UI = {
  hide(): void {
    ui.floatButton = false;
    ui.workbench = false;
  },
  show(): void {
    ui.floatButton = true;
  },
  showfloatButton(): void {
    ui.floatButton = true;
  },
  hidefloatButton(): void {
    ui.floatButton = false;
  },
  showWorkbench(): void {
    ui.workbench = true;
  },
  hideWorkbench(): void {
    ui.workbench = false;
  },
};

const tccc = {
  events,
  on(name: string, h: Handler): void {
    let set = handlers.get(name);
    if (!set) {
      set = new Set();
      handlers.set(name, set);
    }
    set.add(h);
  },
  off(name: string, h?: Handler): void {
    if (h) handlers.get(name)?.delete(h);
    else handlers.delete(name);
  },
  Call,
  Agent,
  Devices,
  UI,
};
(window as unknown as { tccc: typeof tccc }).tccc = tccc;

void (async () => {
  const r = await post('init', {});
  // defer so listeners registered right after onload still see the event
  setTimeout(() => {
    if (r.ok) {
      emit('ready', {});
      void poll();
    } else emit('tokenExpired', { message: String(r.error ?? 'token expired') });
  }, 0);
})();
