import type { Clock } from './clock.js';
import { Emitter } from './emitter.js';
import { TcccDialerError, type TcccDialerErrorCode } from './errors.js';
import { ask, type VendorPayload, type VendorTccc } from './vendor.js';

export type CallState = 'dialing' | 'ringing' | 'connected' | 'ended';
export type CallDirection = 'outbound' | 'inbound';
/** Who ended the call, as the SDK reports it: the customer, the agent, an admin, or a timer. */
export type CloseBy = 'client' | 'seat' | 'admin' | 'timer';
/** Where `transfer()` sends a call: one agent (their TCCC user id) or one skill group. */
export type TransferTarget =
  | { userId: string; skillGroupId?: never }
  | { skillGroupId: string; userId?: never };
export interface CallEnd {
  sessionId: string;
  closeBy: CloseBy;
  /** Whether the call was ever connected (the far end answered, or the agent accepted). */
  answered: boolean;
  /**
   * The SDK's reason (`busy`, `notAnswer`, `powerOff`, ...), or one set here: `failed` (never
   * placed), `destroyed`, `missed` (an inbound call rang out, TCCC moved it on, or the caller hung
   * up first), `rejected`, `transferred`.
   */
  reason?: string;
  /** Talk time, from answer to end. */
  durationMs?: number;
  /** Set when the call could not be placed. */
  error?: TcccDialerError;
  /** Where the agent transferred the call. */
  transferredTo?: TransferTarget;
}
export type CallEvents = { state: (state: CallState) => void };

/**
 * What TCCC's `callIn` told about an inbound phone call (reference/tccc.md §1.8), as the SDK gave
 * it, less the caller's number (that is the call's `number`, when the agent may see it).
 */
export interface IncomingCallInfo {
  /** Seconds TCCC rings this agent before it moves the call on; 0 = no limit. */
  timeout: number;
  /** The IVR choices the caller made on the way in. */
  ivrPath: { key: string; label: string }[];
  /** The line the customer dialled: one of your numbers. */
  calleePhoneNumber?: string;
  callerLocation?: string;
  remark?: string;
  /** Where TCCC rings the agent: `staffSeat` (this browser), `staffPhoneSeat`, ... */
  serverType?: string;
}

/**
 * How the Dialer moves a call along: it forwards each SDK event about the call by name, and its own
 * `placed` (startOutboundCall's reply) and `sessionEnded` (`mainReason` `failed` with the `error`, or
 * `destroyed`).
 */
export type CallControl = (event: string, p?: VendorPayload) => void;

/** A non-empty string, else undefined: SDK payloads are read with it. */
export const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * One call. The public types are `Call` (every call) and `IncomingCall` (an inbound one, with
 * `accept()`/`reject()`), both views of this class. Controls check the state first and throw at once.
 */
export class CallImpl extends Emitter<CallEvents> {
  declare readonly direction: CallDirection;
  /**
   * The customer's phone number when the agent may see it: as dialled, or the caller's. Absent
   * when the agent dialled a customer ID or TCCC's number protection names the caller by ID.
   */
  declare readonly number: string | undefined;
  declare readonly ended: Promise<CallEnd>;
  /** Inbound calls: what `callIn` told. */
  declare readonly info: IncomingCallInfo;
  #phoneDesc: string | undefined;
  #customerId: string | undefined;
  #sessionId = '';
  #state: CallState;
  #flags = { muted: false, held: false };
  #tccc: VendorTccc;
  #clock: Clock;
  #connectedAt: number | undefined;
  #transferTo: TransferTarget | undefined;
  #claim: (() => () => void) | undefined;
  #timer: unknown;
  /** Set by reject(): TCCC's `sessionEnded` may arrive before `Call.end` answers. */
  #rejecting = false;
  #resolve!: (end: CallEnd) => void;

  /**
   * Made by the Dialer, which receives the control that moves the call along; it stays out of the
   * public surface so no caller can fake a state. An inbound call is made from the `callIn`
   * payload with `claim`, which takes the Dialer's one-call slot (or throws) and returns the release.
   */
  constructor(
    tccc: VendorTccc,
    clock: Clock,
    p: VendorPayload,
    bind: (control: CallControl) => void,
    claim?: () => () => void,
  ) {
    super();
    const inbound = !!claim;
    const { callerPhoneNumber, ...info } = p;
    const timeout = Math.max(+(p.timeout as number) || 0, 0);
    this.#tccc = tccc;
    this.#clock = clock;
    this.#claim = claim;
    this.#state = inbound ? 'ringing' : 'dialing';
    // Under number protection TCCC names the caller by ID: the number is then not the agent's to see.
    this.#customerId = text(inbound ? p.protectedCaller : p.customerId);
    this.#phoneDesc = text(p.phoneDesc);
    Object.assign(this, {
      direction: inbound ? 'inbound' : 'outbound',
      number: this.#customerId ? undefined : text(inbound ? callerPhoneNumber : p.number),
      ended: new Promise((r) => {
        this.#resolve = r;
      }),
      info: { ...info, timeout, ivrPath: p.ivrPath ?? [] },
    });
    if (inbound) {
      this.#sessionId = `${p.sessionId}`;
      if (timeout) this.#timer = clock.setTimeout(() => this.#miss(), timeout * 1000);
    }
    bind((event, e = {}) => {
      if (event === 'placed' || event === 'callOuted') {
        this.#sessionId ||= text(e.sessionId) ?? '';
        this.#customerId ??= text(e.protectedCallee);
      }
      if (event === 'callOuted') this.#setState('ringing');
      // Only the far end answering connects an outbound call; `userAccessed` is the agent's own
      // leg, which is what connects an inbound one.
      if (event === (inbound ? 'userAccessed' : 'calloutAccepted')) {
        // Answered in the SDK's own UI, not through accept(): take the slot too, when it is free.
        if (claim && this.#state === 'ringing')
          try {
            claim();
          } catch {}
        this.#setState('connected');
      }
      if (event === 'autoTransfer') this.#miss();
      // After a blind transfer TCCC may end this leg before or after its `transfer` event.
      if (event === 'transfer' && this.#transferTo) this.#end('seat');
      if (event === 'sessionEnded') {
        const reason = [e.mainReason, e.subReason].filter(text).join(' / ');
        const declined = this.#rejecting ? 'rejected' : 'missed';
        const missed = inbound && this.#state === 'ringing' ? declined : '';
        this.#end((e.closeBy as CloseBy) ?? 'seat', reason || missed, e.error as TcccDialerError);
      }
    });
  }

  /** The SDK's SessionId; empty until the SDK names it. */
  get sessionId(): string {
    return this.#sessionId;
  }
  get state(): CallState {
    return this.#state;
  }
  get muted(): boolean {
    return this.#flags.muted;
  }
  get held(): boolean {
    return this.#flags.held;
  }
  /** The customer ID under number protection: the one dialled, or the one TCCC's events name. */
  get customerId(): string | undefined {
    return this.#customerId;
  }
  /** What to show for the other end: `phoneDesc`, else the customer ID, else the number. */
  get display(): string {
    return this.#phoneDesc ?? this.#customerId ?? this.number ?? '';
  }

  #setState(next: CallState): void {
    if (next === this.#state || this.#state === 'ended') return;
    if (next === 'connected') this.#connectedAt = this.#clock.now();
    this.#state = next;
    this.emit('state', next);
  }

  /** An inbound call still ringing rang out, or TCCC moved it on. */
  #miss(): void {
    if (this.#claim && this.#state === 'ringing') this.#end('timer', 'missed');
  }

  #end(closeBy: CloseBy, reason?: string, error?: TcccDialerError): void {
    if (this.#state === 'ended') return;
    this.#clock.clearTimeout(this.#timer);
    const at = this.#connectedAt;
    const to = this.#transferTo;
    const end: CallEnd = { sessionId: this.#sessionId, closeBy, answered: at !== undefined };
    if (to) end.transferredTo = to;
    const why = to ? 'transferred' : reason;
    if (why) end.reason = why;
    if (at !== undefined) end.durationMs = this.#clock.now() - at;
    if (error) end.error = error;
    this.#setState('ended');
    this.#resolve(end);
  }

  /** Throws INVALID_STATE naming what `action` needs and what the call is. */
  #need(action: string, ok: unknown, needs: string, is: string = this.#state): void {
    if (!ok) throw new TcccDialerError('INVALID_STATE', `${action}() needs ${needs}, but the call is ${is}`);
  }

  /** Checks the state at once (a throw, not a rejection), then asks the SDK. */
  #invoke(
    action: string,
    vendor = action,
    extra?: object,
    needs = 'connected',
    code: TcccDialerErrorCode = 'CALL_ACTION_FAILED',
  ): Promise<void> {
    // States are distinct words, so a substring test reads the `needs` phrase as a set.
    this.#need(action, needs.includes(this.#state), needs);
    return this.#send(vendor, extra, code);
  }

  async #send(vendor: string, extra: object | undefined, code: TcccDialerErrorCode): Promise<void> {
    const calls = this.#tccc.Call as Record<string, VendorTccc['Call']['hold'] | undefined>;
    await ask(code, () => calls[vendor]?.({ sessionId: this.#sessionId, ...extra }));
  }

  /** mute/unmute/hold/unhold: checks state and flag first, flips the flag once the SDK agrees. */
  #toggle(action: string, vendor: string, flag: 'muted' | 'held', on: boolean): Promise<void> {
    // Off `connected`, #invoke names the state; on it, the flag is what can be wrong.
    if (this.#state === 'connected')
      this.#need(
        action,
        this.#flags[flag] !== on,
        `a call ${on ? 'not ' : ''}${flag}`,
        `${on ? '' : 'not '}${flag}`,
      );
    return this.#invoke(action, vendor).then(() => {
      this.#flags[flag] = on;
    });
  }

  hangUp(): Promise<void> {
    return this.#invoke('hangUp', 'hungUp', {}, 'dialing, ringing or connected');
  }
  mute(): Promise<void> {
    return this.#toggle('mute', 'muteMic', 'muted', true);
  }
  unmute(): Promise<void> {
    return this.#toggle('unmute', 'unmuteMic', 'muted', false);
  }
  hold(): Promise<void> {
    return this.#toggle('hold', 'hold', 'held', true);
  }
  unhold(): Promise<void> {
    return this.#toggle('unhold', 'unHold', 'held', false);
  }
  sendDigits(digits: string): Promise<void> {
    if (!/^[0-9*#]+$/.test(digits)) throw new TcccDialerError('INVALID_ARGUMENT', 'digits: 0-9, * or #');
    return this.#invoke('sendDigits', 'sendDigits', { dtmfText: digits });
  }

  /**
   * A blind transfer to one agent or one skill group: resolves when TCCC took it; the call then
   * ends for this agent with `reason: 'transferred'`. A refusal rejects TRANSFER_FAILED with the
   * SDK's words in `error.reason`, and the call stays connected.
   */
  transfer(target: TransferTarget): Promise<void> {
    const { userId, skillGroupId } = Object(target);
    if (!text(userId) === !text(skillGroupId))
      throw new TcccDialerError('INVALID_ARGUMENT', 'transfer needs { userId } or { skillGroupId }');
    const to = userId ? { userId } : { skillGroupId };
    this.#need('transfer', this.#state === 'connected', 'connected');
    // Set from the asking, not the answer: TCCC may end this leg before `Call.transfer` answers.
    this.#transferTo = to;
    return this.#send('transfer', to, 'TRANSFER_FAILED').catch((e: unknown) => {
      this.#transferTo = undefined;
      throw e;
    });
  }

  /**
   * Inbound: answers the call, and resolves once connected. Throws INVALID_STATE while another
   * call is live or once accepted; rejects CALL_MISSED when it already ended (rang out, moved on,
   * the caller hung up, rejected).
   */
  accept(): Promise<void> {
    const claim = this.#claim;
    if (claim && this.#state === 'ended') return Promise.reject(new TcccDialerError('CALL_MISSED'));
    this.#need('accept', claim && this.#state === 'ringing', 'an inbound call ringing');
    const release = (claim as () => () => void)();
    // From here TCCC decides whether the answer came in time; a local ring-out would disown it.
    this.#clock.clearTimeout(this.#timer);
    return this.#send('accept', {}, 'CALL_ACTION_FAILED').then(
      () => this.#setState('connected'),
      (e: unknown) => {
        release();
        throw e;
      },
    );
  }

  /**
   * Inbound: declines the ringing call (`tccc.Call.end`, which hands it to the next agent); it
   * ends `rejected`. Resolves at once when the call already ended.
   */
  reject(): Promise<void> {
    if (this.#claim && this.#state === 'ended') return Promise.resolve();
    this.#need('reject', this.#claim, 'an inbound call');
    this.#rejecting = true;
    this.#clock.clearTimeout(this.#timer);
    // SDKs from before `Call.end` (2025-09) decline with hungUp.
    return this.#invoke('reject', this.#tccc.Call.end ? 'end' : 'hungUp', {}, 'ringing').then(
      () => this.#end('seat', 'rejected'),
      (e: unknown) => {
        this.#rejecting = false;
        throw e;
      },
    );
  }
}

/** A call, outbound or inbound. Its state moves only with SDK events. */
export interface Call extends Omit<CallImpl, 'accept' | 'reject' | 'info'> {}

/**
 * An inbound phone call offered to this agent (the Dialer's `callIn` event). It rings until
 * `accept()`, `reject()`, the caller hanging up, or TCCC's `timeout` (then it ends `missed`); once
 * accepted it is the Dialer's `currentCall`, with the same controls as an outbound call.
 */
export interface IncomingCall extends Call {
  readonly direction: 'inbound';
  readonly info: IncomingCallInfo;
  accept(): Promise<void>;
  reject(): Promise<void>;
}
