import type { Clock } from './clock.js';
import { Emitter } from './emitter.js';
import { TcccDialerError } from './errors.js';
import { ask, type VendorTccc } from './vendor.js';

export type CallState = 'dialing' | 'ringing' | 'connected' | 'ended';
/** Who ended the call, as the SDK reports it: the customer, the agent, an admin, or a timer. */
export type CloseBy = 'client' | 'seat' | 'admin' | 'timer';
export interface CallEnd {
  sessionId: string;
  closeBy: CloseBy;
  /** Whether the far end ever answered. */
  answered: boolean;
  /** The SDK's reason (`busy`, `notAnswer`, `powerOff`, ...), or `failed` / `destroyed` when ended here. */
  reason?: string;
  /** Talk time, from answer to end. */
  durationMs?: number;
  /** Set when the call could not be placed. */
  error?: TcccDialerError;
}
export type CallEvents = { state: (state: CallState) => void };

/** What the Dialer uses to move a call along as SDK events arrive. */
export interface CallControl {
  adopt(sessionId: unknown): void;
  setState(next: CallState): void;
  end(closeBy: CloseBy, reason?: string, error?: TcccDialerError): void;
}

/** One outbound call. Created by `Dialer.dial()`; controls check the state first and throw at once. */
export class Call extends Emitter<CallEvents> {
  readonly number: string;
  readonly ended: Promise<CallEnd>;
  #sessionId = '';
  #state: CallState = 'dialing';
  #flags = { muted: false, held: false };
  #tccc: VendorTccc;
  #clock: Clock;
  #connectedAt: number | undefined;
  #resolveEnd!: (end: CallEnd) => void;

  /**
   * Created by `Dialer.dial()`, which receives the controls that move the call along; they stay
   * out of the public surface so no caller can fake a state.
   */
  constructor(tccc: VendorTccc, number: string, clock: Clock, bind: (control: CallControl) => void) {
    super();
    this.#tccc = tccc;
    this.#clock = clock;
    this.number = number;
    this.ended = new Promise((r) => {
      this.#resolveEnd = r;
    });
    bind({
      adopt: (id) => {
        if (!this.#sessionId && typeof id === 'string') this.#sessionId = id;
      },
      setState: (next) => this.#setState(next),
      end: (closeBy, reason, error) => this.#end(closeBy, reason, error),
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

  #setState(next: CallState): void {
    if (next === this.#state || this.#state === 'ended') return;
    if (next === 'connected') this.#connectedAt = this.#clock.now();
    this.#state = next;
    this.emit('state', next);
  }

  #end(closeBy: CloseBy, reason?: string, error?: TcccDialerError): void {
    if (this.#state === 'ended') return;
    const at = this.#connectedAt;
    const end: CallEnd = { sessionId: this.#sessionId, closeBy, answered: at !== undefined };
    if (reason) end.reason = reason;
    if (at !== undefined) end.durationMs = this.#clock.now() - at;
    if (error) end.error = error;
    this.#setState('ended');
    this.#resolveEnd(end);
  }

  /** Throws INVALID_STATE naming what `action` needs and what the call is. */
  #need(action: string, ok: boolean, needs: string, is: string = this.#state): void {
    if (!ok) throw new TcccDialerError('INVALID_STATE', `${action}() needs ${needs}, but the call is ${is}`);
  }

  /** Checks the state at once (a throw, not a rejection), then asks the SDK. */
  #invoke(action: string, vendor = action, extra?: object, needs = 'connected'): Promise<void> {
    // States are distinct words, so a substring test reads the `needs` phrase as a set.
    this.#need(action, needs.includes(this.#state), needs);
    return this.#send(vendor, extra);
  }

  async #send(vendor: string, extra?: object): Promise<void> {
    await ask('CALL_ACTION_FAILED', () =>
      this.#tccc.Call[vendor as 'hold']({ sessionId: this.#sessionId, ...extra }),
    );
  }

  /** mute/unmute/hold/unhold: checks state and flag first, flips the flag once the SDK agrees. */
  #toggle(action: string, vendor: string, flag: 'muted' | 'held', on: boolean): Promise<void> {
    const label = flag === 'held' ? 'on hold' : flag;
    // Off `connected`, #invoke names the state; on it, the flag is what can be wrong.
    if (this.#state === 'connected')
      this.#need(
        action,
        this.#flags[flag] !== on,
        `a call ${on ? 'not ' : ''}${label}`,
        `${on ? '' : 'not '}${label}`,
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
  transfer(target: { skillGroupId: string } | { userId: string }): Promise<void> {
    if (!(Object(target).skillGroupId || Object(target).userId))
      throw new TcccDialerError('INVALID_ARGUMENT', 'transfer needs { skillGroupId } or { userId }');
    return this.#invoke('transfer', 'transfer', target);
  }
}
