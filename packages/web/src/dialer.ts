import { Call, type CallControl } from './call.js';
import type { Clock } from './clock.js';
import { Emitter } from './emitter.js';
import { TcccDialerError, toTcccDialerError } from './errors.js';
import { guardUnload, type LostDevice, watchInputDevice, watchOtherTabs } from './page-guards.js';
import { ask, listen, readData, type VendorPayload, type VendorTccc } from './vendor.js';

export type AgentStatus = 'free' | 'busy' | 'arrange' | 'notReady' | 'rest' | 'offline';
/** The statuses an agent may choose; `busy` and `offline` are set by the SDK. */
export type SettableAgentStatus = 'free' | 'rest' | 'arrange' | 'notReady';

/** What a `beforeDial` hook answers: allow (optionally stamping `uui` on the call), or refuse with a code. */
export type DialPermit = { allowed: true; uui?: string } | { allowed: false; reason: string };
export interface DialRequest {
  number: string;
  phoneDesc?: string;
  uui?: string;
  callerPhoneNumber?: string;
  skillGroupId?: string;
}
export interface DialOptions {
  /** Label shown instead of the number in the SDK's call bar. */
  phoneDesc?: string;
  /** Your own data, echoed back in the CDR (≤ 1024 bytes). */
  uui?: string;
  /** The caller ID to show. */
  callerPhoneNumber?: string;
  /** Use the outbound numbers bound to this skill group. */
  skillGroupId?: string;
  /**
   * Runs before the SDK is asked to call, e.g. to get a permit from your server. Resolve
   * `{ allowed: false, reason }` to refuse: `dial()` rejects with `DIAL_REFUSED` and `error.reason`.
   * A rejection becomes `DIAL_PERMIT_FAILED` (a TcccDialerError passes through unchanged).
   */
  beforeDial?: (request: DialRequest) => Promise<DialPermit>;
}
export interface IncomingCall {
  sessionId: string;
  callerPhoneNumber?: string;
}
export type DialerEvents = {
  /** A call was created by dial(); subscribe to its `state` here to see every transition. */
  call: (call: Call) => void;
  callIn: (info: IncomingCall) => void;
  agentStatus: (status: AgentStatus) => void;
  /** The microphone in use disappeared during a call. */
  deviceLost: (device: LostDevice & { error: TcccDialerError }) => void;
  /** Something works but needs attention (ANOTHER_TAB_ACTIVE, RENDER_TARGET_TOO_SMALL). */
  warning: (warning: TcccDialerError) => void;
  /** A failure outside any method call, e.g. SDK_TOKEN_EXPIRED after ready. */
  error: (error: TcccDialerError) => void;
};

/** @internal what loadTccc hands the Dialer */
export interface DialerEnv {
  tccc: VendorTccc;
  clock: Clock;
  window?: (EventTarget & { BroadcastChannel?: new (name: string) => BroadcastChannel }) | null | undefined;
  mediaDevices?:
    | Pick<MediaDevices, 'enumerateDevices' | 'addEventListener' | 'removeEventListener'>
    | undefined;
  onWarning?: ((warning: TcccDialerError) => void) | undefined;
  onDestroy: () => void;
}

// A cheap structural check keeps the core tiny; `@tccc-dialer/web/phone` does full validation.
const PHONE = /^\+?[0-9]{3,20}$/;
const SETTABLE = ['free', 'rest', 'arrange', 'notReady'];

/** The loaded softphone: dial, agent status and typed events. Get one from `loadTccc()`. */
export class Dialer extends Emitter<DialerEvents> {
  #env: DialerEnv;
  #call: Call | undefined;
  #control: CallControl | undefined;
  #dialing = false;
  #agentStatus: AgentStatus = 'free';
  #cleanups: Array<() => void> = [];
  #destroyed = false;

  /** @internal created by loadTccc */
  constructor(env: DialerEnv) {
    super();
    this.#env = env;
    const tccc = env.tccc;
    const sub = (name: string, h: (p: VendorPayload) => void) => this.#cleanups.push(listen(tccc, name, h));
    // The controls of the current call, when the event is about it.
    const mine = (p: VendorPayload) => {
      const c = this.#call;
      return c && (!c.sessionId || c.sessionId === p.sessionId) ? this.#control : undefined;
    };
    sub('callOuted', (p) => {
      const c = mine(p);
      c?.adopt(p.sessionId);
      c?.setState('ringing');
    });
    // Only the far end answering connects an outbound call; `userAccessed` is the agent's own leg.
    sub('calloutAccepted', (p) => mine(p)?.setState('connected'));
    sub('sessionEnded', (p) => {
      const reason = [p.mainReason, p.subReason].filter((x) => typeof x === 'string' && x).join(' / ');
      mine(p)?.end((p.closeBy as 'client') ?? 'seat', reason);
    });
    sub('callIn', (p) => {
      const info: IncomingCall = { sessionId: String(readData(p).sessionId ?? '') };
      if (typeof p.callerPhoneNumber === 'string') info.callerPhoneNumber = p.callerPhoneNumber;
      this.emit('callIn', info);
    });
    sub('statusChanged', (p) => {
      if (typeof p.status !== 'string') return;
      this.#agentStatus = p.status as AgentStatus;
      this.emit('agentStatus', this.#agentStatus);
    });
    sub('tokenExpired', () => this.emit('error', new TcccDialerError('SDK_TOKEN_EXPIRED')));
    const initial = tccc.Agent?.getStatus?.();
    if (typeof initial === 'string') this.#agentStatus = initial as AgentStatus;
    const Channel = env.window?.BroadcastChannel;
    this.#cleanups.push(watchOtherTabs(Channel, () => this.#warn(new TcccDialerError('ANOTHER_TAB_ACTIVE'))));
  }

  get agentStatus(): AgentStatus {
    return this.#agentStatus;
  }

  /** The call that is dialing, ringing or connected, if any. */
  get currentCall(): Call | undefined {
    return this.#call;
  }

  /** Sets the agent's status; the SDK confirms with an `agentStatus` event. */
  async setAgentStatus(status: SettableAgentStatus): Promise<void> {
    this.#alive();
    if (!SETTABLE.includes(status)) throw new TcccDialerError('INVALID_ARGUMENT', `status: ${SETTABLE}`);
    await ask('AGENT_STATUS_FAILED', () => this.#env.tccc.Agent?.setStatus?.({ status }));
  }

  /**
   * Places one outbound call. Throws at once on a malformed number or while another call is live;
   * rejects with a TcccDialerError when a permit or the SDK refuses. The returned Call has usually
   * left `dialing` already; subscribe through the `call` event to see every state.
   */
  dial(number: string, options: DialOptions = {}): Promise<Call> {
    this.#alive();
    const compact = typeof number === 'string' ? number.replace(/[\s()-]/g, '') : '';
    if (!PHONE.test(compact)) throw new TcccDialerError('INVALID_ARGUMENT', `not a phone number: ${number}`);
    if (this.#dialing) {
      const c = this.#call;
      throw new TcccDialerError(
        'INVALID_STATE',
        `dial() needs no live call, but ${c ? `the current call is ${c.state}` : 'a dial is in progress'}`,
      );
    }
    this.#dialing = true;
    return this.#place(compact, options);
  }

  async #place(number: string, options: DialOptions): Promise<Call> {
    const { beforeDial, ...fields } = options;
    const request: DialRequest = { number, ...fields };
    try {
      if (beforeDial) await this.#permit(beforeDial, request);
      this.#alive(); // the page may have destroyed the dialer while the permit was pending
    } catch (e) {
      this.#dialing = false;
      throw e;
    }
    const { tccc, clock, window: win, mediaDevices } = this.#env;
    let control!: CallControl;
    const call = new Call(tccc, number, clock, (c) => {
      control = c;
    });
    this.#call = call;
    this.#control = control;
    const stops = [
      win ? guardUnload(win) : () => {},
      mediaDevices
        ? watchInputDevice(mediaDevices, (lost) =>
            this.emit('deviceLost', { ...lost, error: new TcccDialerError('DEVICE_LOST', lost.label) }),
          )
        : () => {},
    ];
    void call.ended.then(() => {
      for (const stop of stops) stop();
      if (this.#call === call) this.#call = undefined;
      this.#dialing = false;
    });
    this.emit('call', call);
    const { number: phoneNumber, ...rest } = request;
    try {
      const placed = await ask('CALL_FAILED', () => tccc.Call.startOutboundCall({ phoneNumber, ...rest }));
      control.adopt(placed.sessionId);
    } catch (e) {
      control.end('seat', 'failed', e as TcccDialerError); // ask() rejects with nothing else
      throw e;
    }
    return call;
  }

  async #permit(hook: NonNullable<DialOptions['beforeDial']>, request: DialRequest): Promise<void> {
    let permit: DialPermit;
    try {
      permit = await hook({ ...request });
    } catch (cause) {
      throw toTcccDialerError(cause, 'DIAL_PERMIT_FAILED');
    }
    if (permit?.allowed === false)
      throw new TcccDialerError('DIAL_REFUSED', permit.reason, { reason: String(permit.reason) });
    if (permit?.allowed !== true)
      throw new TcccDialerError(
        'INVALID_ARGUMENT',
        'beforeDial must resolve { allowed: true } or { allowed: false, reason }',
      );
    if (typeof permit.uui === 'string') request.uui = permit.uui;
  }

  /** Hangs up a live call, removes every listener, the SDK script and its DOM. Safe to call twice. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const c = this.#call;
    if (c) {
      ask('CALL_ACTION_FAILED', () => this.#env.tccc.Call.hungUp({ sessionId: c.sessionId })).catch(() => {});
      this.#control?.end('seat', 'destroyed');
    }
    for (const cleanup of this.#cleanups) cleanup();
    this.#cleanups = [];
    this.clearListeners();
    this.#env.onDestroy();
  }

  #warn(warning: TcccDialerError): void {
    this.emit('warning', warning);
    this.#env.onWarning?.(warning);
  }

  #alive(): void {
    if (this.#destroyed)
      throw new TcccDialerError('INVALID_STATE', 'the dialer was destroyed; call loadTccc() again');
  }
}
