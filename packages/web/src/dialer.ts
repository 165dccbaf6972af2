import { Call, type CallState } from './call.js';
import { Emitter } from './emitter.js';
import { TcccDialerError } from './errors.js';
import { readData, type VendorTccc } from './vendor.js';

export interface DialOptions {
  phoneDesc?: string;
  uui?: string;
  callerPhoneNumber?: string;
  skillGroupId?: string;
}
export type AgentStatus = 'free' | 'busy' | 'arrange' | 'notReady' | 'rest' | 'offline';
export interface IncomingCall {
  sessionId: string;
  callerPhoneNumber?: string;
}
export type DialerEvents = {
  call: (call: Call) => void;
  callIn: (info: IncomingCall) => void;
  agentStatus: (status: AgentStatus) => void;
  deviceLost: (deviceId: string) => void;
  error: (error: TcccDialerError) => void;
  tokenRefresh: () => void;
};

// A cheap structural check keeps the core tiny; `@tccc-dialer/web/phone` does full validation.
const PHONE = /^\+?[0-9]{3,20}$/;

export class Dialer extends Emitter<DialerEvents> {
  #tccc: VendorTccc;
  #call: Call | undefined;
  #agentStatus: AgentStatus = 'free';
  #unsubs: Array<() => void> = [];
  #onDestroy: () => void;
  #destroyed = false;

  /** @internal created by loadTccc */
  constructor(tccc: VendorTccc, onDestroy: () => void) {
    super();
    this.#tccc = tccc;
    this.#onDestroy = onDestroy;
    const sub = (name: string, h: (p: Record<string, unknown>) => void) => {
      const ev = tccc.events?.[name] ?? name;
      tccc.on(ev, h);
      this.#unsubs.push(() => tccc.off(ev, h));
    };
    const mine = (p: Record<string, unknown>) => {
      const c = this.#call;
      return c && (!c.sessionId || c.sessionId === p.sessionId) ? c : undefined;
    };
    sub('callOuted', (p) => {
      const c = mine(p);
      if (c) {
        if (!c.sessionId && typeof p.sessionId === 'string') c.sessionId = p.sessionId;
        c.setState('ringing');
      }
    });
    sub('calloutAccepted', (p) => mine(p)?.setState('connected'));
    sub('userAccessed', (p) => mine(p)?.setState('connected'));
    sub('sessionEnded', (p) => {
      const c = mine(p);
      if (!c) return;
      const closeBy = (p.closeBy as 'client' | 'seat' | 'admin' | 'timer' | undefined) ?? 'seat';
      const reason = [p.mainReason, p.subReason].filter((x) => typeof x === 'string' && x).join(' / ');
      c.end(closeBy, reason || undefined);
      if (this.#call === c) this.#call = undefined;
    });
    sub('callIn', (p) => {
      const info: IncomingCall = { sessionId: String(p.sessionId ?? '') };
      if (typeof p.callerPhoneNumber === 'string') info.callerPhoneNumber = p.callerPhoneNumber;
      this.emit('callIn', info);
    });
    sub('statusChanged', (p) => {
      this.#agentStatus = p.status as AgentStatus;
      this.emit('agentStatus', this.#agentStatus);
    });
    const initial = tccc.Agent?.getStatus?.();
    if (initial) this.#agentStatus = initial as AgentStatus;
  }

  get agentStatus(): AgentStatus {
    return this.#agentStatus;
  }

  get currentCall(): Call | undefined {
    return this.#call;
  }

  async setAgentStatus(status: 'free' | 'rest' | 'arrange' | 'notReady'): Promise<void> {
    this.#alive();
    const res = await this.#tccc.Agent?.setStatus?.({ status });
    if (res?.status === 'error')
      throw new TcccDialerError('CALL_ACTION_FAILED', res.errorMsg, { cause: res });
  }

  async dial(number: string, options: DialOptions = {}): Promise<Call> {
    this.#alive();
    const compact = typeof number === 'string' ? number.replace(/[\s()-]/g, '') : '';
    if (!PHONE.test(compact))
      throw new TcccDialerError('INVALID_ARGUMENT', `not a phone number: ${String(number)}`);
    if (this.#call) {
      throw new TcccDialerError(
        'INVALID_STATE',
        `one call at a time: the current call is ${this.#call.state}`,
      );
    }
    const call = new Call(this.#tccc, compact);
    this.#call = call;
    this.emit('call', call);
    const opts: Record<string, unknown> = { phoneNumber: compact };
    for (const [k, v] of Object.entries(options)) if (v !== undefined) opts[k] = v;
    try {
      const res = await this.#tccc.Call.startOutboundCall(opts);
      if (res?.status === 'error') throw new TcccDialerError('CALL_FAILED', res.errorMsg, { cause: res });
      const sid = readData(res).sessionId;
      if (typeof sid === 'string' && !call.sessionId) call.sessionId = sid;
    } catch (e) {
      if (this.#call === call) this.#call = undefined;
      call.end('seat', 'failed');
      throw e instanceof TcccDialerError ? e : new TcccDialerError('CALL_FAILED', undefined, { cause: e });
    }
    return call;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const u of this.#unsubs) u();
    this.#unsubs = [];
    this.clearListeners();
    this.#onDestroy();
  }

  #alive(): void {
    if (this.#destroyed)
      throw new TcccDialerError('INVALID_STATE', 'the dialer was destroyed; call loadTccc() again');
  }
}

export type { CallState };
