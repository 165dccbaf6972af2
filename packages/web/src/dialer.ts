import { type Call, type CallControl, CallImpl, type IncomingCall, text } from './call.js';
import type { Clock } from './clock.js';
import { Emitter } from './emitter.js';
import { TcccDialerError, toTcccDialerError } from './errors.js';
import { ask, listen, readData, type VendorPayload, type VendorTccc } from './vendor.js';

export type AgentStatus = 'free' | 'busy' | 'arrange' | 'notReady' | 'rest' | 'offline';
/** The statuses an agent may choose; `busy` and `offline` are set by the SDK. */
export type SettableAgentStatus = 'free' | 'rest' | 'arrange' | 'notReady';
/**
 * What `setAgentStatus()` may ask TCCC for (`tccc.Agent.setStatus`): a settable status, or
 * `stopNotReady`, which ends `notReady` (示忙) and is not a status of its own.
 */
export type AgentStatusRequest = SettableAgentStatus | 'stopNotReady';

/** What a `beforeDial` hook answers: allow (optionally stamping `uui` on the call), or refuse with a code. */
export type DialPermit = { allowed: true; uui?: string } | { allowed: false; reason: string };
interface DialFields {
  /** Label shown instead of the number in the SDK's call bar, and as the Call's `display`. */
  phoneDesc?: string;
  /** Your own data, echoed back in the CDR (≤ 1024 bytes). */
  uui?: string;
  /** The caller ID to show. */
  callerPhoneNumber?: string;
  /** Use the outbound numbers bound to this skill group. */
  skillGroupId?: string;
}
/** What a `beforeDial` hook is asked about when a number is dialled. */
export type NumberDialRequest = { number: string; customerId?: never } & DialFields;
/** What a `beforeDial` hook is asked about when a customer ID is dialled: never a number. */
export type CustomerDialRequest = { customerId: string; number?: never } & DialFields;
/** What a `beforeDial` hook is asked about: a number, or a customer ID under number protection. */
export type DialRequest = NumberDialRequest | CustomerDialRequest;
export interface DialOptions<R extends DialRequest = NumberDialRequest> extends DialFields {
  /**
   * Runs before the SDK is asked to call, e.g. to get a permit from your server. Resolve
   * `{ allowed: false, reason }` to refuse: `dial()` rejects with `DIAL_REFUSED` and `error.reason`.
   * A rejection becomes `DIAL_PERMIT_FAILED` (a TcccDialerError passes through unchanged). One
   * hook taking a `DialRequest` serves both forms of `dial()`.
   */
  beforeDial?: (request: R) => Promise<DialPermit>;
}
/** Either form's options, as dial() handles them. */
type AnyDialOptions = DialFields & { beforeDial?: ((request: never) => Promise<DialPermit>) | undefined };
/** Dial by customer ID (TCCC's number mapping, reference/tccc.md §8.1): TCCC asks your server for the number. */
export interface DialCustomer extends DialOptions<CustomerDialRequest> {
  customerId: string;
}
export type DialerEvents = {
  /** A call was created by dial(); subscribe to its `state` here to see every transition. */
  call: (call: Call) => void;
  /** An inbound phone call rings this agent: `accept()` or `reject()` it. */
  callIn: (call: IncomingCall) => void;
  /** The SDK's `statusChanged`, with the rest reason when the SDK names one. */
  agentStatus: (status: AgentStatus, reason?: string) => void;
  /** A failure outside any method call, e.g. SDK_TOKEN_EXPIRED after ready. */
  error: (error: TcccDialerError) => void;
};

/** @internal what loadTccc hands the Dialer */
export interface DialerEnv {
  tccc: VendorTccc;
  clock: Clock;
  onDestroy: () => void;
}

// A cheap structural check keeps the core tiny; `@tccc-dialer/web/phone` does full validation.
const PHONE = /^\+?[0-9]{3,20}$/;
// Any scheme of opaque IDs, as long as it cannot be read as a number: one letter at least.
const CUSTOMER_ID = /^(?=.*[A-Za-z])[\w-]{3,64}$/;
const SETTABLE = ['free', 'rest', 'arrange', 'notReady', 'stopNotReady'];

const EVENTS = ['callOuted', 'calloutAccepted', 'userAccessed', 'autoTransfer', 'transfer', 'sessionEnded'];

/** The loaded softphone: dial, answer, agent status and typed events. Get one from `loadTccc()`. */
export class Dialer extends Emitter<DialerEvents> {
  #env: DialerEnv;
  /** Every call not yet ended, with its control. */
  #calls = new Map<CallImpl, CallControl>();
  /** The one live call: dialled, or an inbound call accepted. */
  #call: Call | undefined;
  /** Held from dial() (permit included) or accept() until that call ends. */
  #busy = false;
  #agentStatus: AgentStatus = 'free';
  #cleanups: Array<() => void> = [];
  #destroyed = false;

  /** @internal created by loadTccc */
  constructor(env: DialerEnv) {
    super();
    this.#env = env;
    const tccc = env.tccc;
    // Docs disagree whether payloads sit under `data`: read every one through readData.
    const sub = (name: string, h: (p: VendorPayload) => void) =>
      this.#cleanups.push(listen(tccc, name, (p) => h(readData(p))));
    const exact = (p: VendorPayload) => [...this.#calls.keys()].find((c) => c.sessionId === p.sessionId);
    // An outbound call learns its SessionId from the SDK; until then, events are about it.
    for (const name of EVENTS)
      sub(name, (p) => {
        const c = exact(p) ?? [...this.#calls.keys()].find((c) => !c.sessionId);
        if (c) this.#calls.get(c)?.(name, p);
      });
    sub('callIn', (p) => {
      // Only phone calls are ours to answer (im, voip, video and internal sessions are not).
      if (text(p.sessionId) && (!p.type || p.type === 'phone') && !exact(p))
        this.emit('callIn', this.#make(p, true)[0] as IncomingCall);
    });
    sub('statusChanged', (p) => {
      if (!text(p.status)) return;
      this.#agentStatus = p.status as AgentStatus;
      this.emit('agentStatus', this.#agentStatus, text(p.restReason) ?? text(p.reason));
    });
    sub('tokenExpired', () => this.emit('error', new TcccDialerError('SDK_TOKEN_EXPIRED')));
    const initial = tccc.Agent?.getStatus?.();
    if (typeof initial === 'string') this.#agentStatus = initial as AgentStatus;
  }

  get agentStatus(): AgentStatus {
    return this.#agentStatus;
  }

  /** The call that is dialing, ringing or connected (an inbound one once accepted), if any. */
  get currentCall(): Call | undefined {
    return this.#call;
  }

  /**
   * Sets the agent's status; the SDK confirms with an `agentStatus` event. `rest` may carry a
   * reason (`restReason`, e.g. `lunch`).
   */
  setAgentStatus<S extends AgentStatusRequest>(
    status: S,
    // Only a rest takes a reason; a status held in a variable of the union type is fine too.
    ...options: S extends 'rest' ? [options?: { reason?: string }] : []
  ): Promise<void>;
  setAgentStatus(status: AgentStatusRequest, options: { reason?: string } = {}): Promise<void> {
    this.#alive();
    const restReason = options.reason;
    if (!SETTABLE.includes(status) || (restReason !== undefined && status !== 'rest'))
      throw new TcccDialerError('INVALID_ARGUMENT', `status: ${SETTABLE}; reason with rest only`);
    return ask('AGENT_STATUS_FAILED', () =>
      this.#env.tccc.Agent?.setStatus?.(restReason ? { status, restReason } : { status }),
    ).then(() => {});
  }

  /**
   * Places one outbound call, to a number or (under number protection) a customer ID. Throws at
   * once on a malformed number or ID, or while another call is live; rejects with a
   * TcccDialerError when a permit or the SDK refuses. The returned Call has usually left
   * `dialing` already; subscribe through the `call` event to see every state.
   */
  dial(number: string, options?: DialOptions): Promise<Call>;
  dial(customer: DialCustomer): Promise<Call>;
  dial(target: string | DialCustomer, options: AnyDialOptions = {}): Promise<Call> {
    this.#alive();
    let to: DialRequest;
    if (typeof target === 'object' && target) {
      const { customerId, ...rest } = target;
      // The value is not echoed: what fails here may be a real number, which must not reach logs.
      if (!CUSTOMER_ID.test(customerId)) throw new TcccDialerError('CUSTOMER_ID_INVALID');
      to = { customerId };
      options = rest;
    } else {
      const number = typeof target === 'string' ? target.replace(/[\s()-]/g, '') : '';
      if (!PHONE.test(number)) throw new TcccDialerError('INVALID_ARGUMENT', `not a phone number: ${target}`);
      to = { number };
    }
    this.#claim('dial');
    return this.#place(to, options);
  }

  /** Takes the one-call slot, or throws naming what holds it. */
  #claim(action: string): void {
    if (this.#busy) {
      const c = this.#call;
      throw new TcccDialerError(
        'INVALID_STATE',
        `${action}() needs no live call, but ${c ? `the current call is ${c.state}` : 'a dial is in progress'}`,
      );
    }
    this.#busy = true;
  }

  /** Makes `call` the live one until it ends (or the returned release runs). */
  #take(call: Call): () => void {
    this.#call = call;
    const release = () => {
      if (this.#call !== call) return;
      this.#call = undefined;
      this.#busy = false;
    };
    void call.ended.then(release);
    return release;
  }

  /** A call and its control, followed until it ends; an inbound one takes the slot on accept(). */
  #make(p: VendorPayload, inbound?: boolean): [CallImpl, CallControl] {
    let control!: CallControl;
    const call: CallImpl = new CallImpl(
      this.#env.tccc,
      this.#env.clock,
      p,
      (c) => {
        control = c;
      },
      inbound
        ? () => {
            this.#claim('accept');
            return this.#take(call);
          }
        : undefined,
    );
    this.#calls.set(call, control);
    void call.ended.then(() => this.#calls.delete(call));
    return [call, control];
  }

  async #place(to: DialRequest, options: AnyDialOptions): Promise<Call> {
    const { beforeDial, ...fields } = options;
    const request: DialRequest = { ...to, ...fields };
    try {
      if (beforeDial) await this.#permit(beforeDial, request);
      this.#alive(); // the page may have destroyed the dialer while the permit was pending
    } catch (e) {
      this.#busy = false;
      throw e;
    }
    const { number, customerId, ...rest } = request;
    const [call, control] = this.#make({ ...request });
    this.#take(call);
    this.emit('call', call);
    try {
      control(
        'placed',
        await ask('CALL_FAILED', () =>
          this.#env.tccc.Call.startOutboundCall({ phoneNumber: number ?? customerId, ...rest }),
        ),
      );
    } catch (error) {
      control('sessionEnded', { closeBy: 'seat', mainReason: 'failed', error }); // ask() rejects with a TcccDialerError only
      throw error;
    }
    return call;
  }

  async #permit(hook: NonNullable<AnyDialOptions['beforeDial']>, request: DialRequest): Promise<void> {
    let permit: DialPermit;
    try {
      // Each form of dial() hands its hook the request of its own kind.
      permit = await (hook as (r: DialRequest) => Promise<DialPermit>)({ ...request });
    } catch (cause) {
      throw toTcccDialerError(cause, 'DIAL_PERMIT_FAILED');
    }
    if (permit?.allowed === false)
      throw new TcccDialerError('DIAL_REFUSED', permit.reason, { reason: String(permit.reason) });
    if (permit?.allowed !== true)
      throw new TcccDialerError('INVALID_ARGUMENT', 'beforeDial must resolve { allowed }');
    if (typeof permit.uui === 'string') request.uui = permit.uui;
  }

  /**
   * Hangs up a live call, ends ringing ones here, removes every listener, the SDK script and its
   * DOM. Safe to call twice.
   */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const c = this.#call;
    if (c)
      ask('CALL_ACTION_FAILED', () => this.#env.tccc.Call.hungUp({ sessionId: c.sessionId })).catch(() => {});
    for (const control of this.#calls.values())
      control('sessionEnded', { closeBy: 'seat', mainReason: 'destroyed' });
    for (const cleanup of this.#cleanups) cleanup();
    this.#cleanups = [];
    this.clearListeners();
    this.#env.onDestroy();
  }

  #alive(): void {
    if (this.#destroyed) throw new TcccDialerError('INVALID_STATE', 'destroyed; call loadTccc() again');
  }
}
