import { Emitter } from './emitter.js';
import { TcccDialerError } from './errors.js';
import type { VendorResponse, VendorTccc } from './vendor.js';

export type CallState = 'dialing' | 'ringing' | 'connected' | 'ended';
export type CloseBy = 'client' | 'seat' | 'admin' | 'timer';
export interface CallEnd {
  sessionId: string;
  closeBy: CloseBy;
  reason?: string;
  durationMs?: number;
}
export type CallEvents = { state: (state: CallState) => void };

export class Call extends Emitter<CallEvents> {
  readonly number: string;
  sessionId = '';
  #state: CallState = 'dialing';
  #tccc: VendorTccc;
  #connectedAt: number | undefined;
  #resolveEnd!: (end: CallEnd) => void;
  readonly ended: Promise<CallEnd>;

  constructor(tccc: VendorTccc, number: string) {
    super();
    this.#tccc = tccc;
    this.number = number;
    this.ended = new Promise((r) => {
      this.#resolveEnd = r;
    });
  }

  get state(): CallState {
    return this.#state;
  }

  /** @internal */
  setState(next: CallState): void {
    if (next === this.#state || this.#state === 'ended') return;
    if (next === 'connected') this.#connectedAt = Date.now();
    this.#state = next;
    this.emit('state', next);
  }

  /** @internal */
  end(closeBy: CloseBy, reason?: string): void {
    if (this.#state === 'ended') return;
    const end: CallEnd = { sessionId: this.sessionId, closeBy };
    if (reason) end.reason = reason;
    if (this.#connectedAt !== undefined) end.durationMs = Date.now() - this.#connectedAt;
    this.setState('ended');
    this.#resolveEnd(end);
  }

  #require(action: string, allowed: CallState[]): void {
    if (!allowed.includes(this.#state)) {
      throw new TcccDialerError(
        'INVALID_STATE',
        `${action}() needs state ${allowed.join(' or ')}, but the call is ${this.#state}`,
      );
    }
  }

  async #invoke(
    fn: (o: Record<string, unknown>) => Promise<VendorResponse>,
    extra: Record<string, unknown> = {},
  ) {
    let res: VendorResponse;
    try {
      res = await fn({ sessionId: this.sessionId, ...extra });
    } catch (cause) {
      throw new TcccDialerError('CALL_ACTION_FAILED', undefined, { cause });
    }
    if (res?.status === 'error')
      throw new TcccDialerError('CALL_ACTION_FAILED', res.errorMsg, { cause: res });
  }

  hangUp(): Promise<void> {
    this.#require('hangUp', ['dialing', 'ringing', 'connected']);
    return this.#invoke((o) => this.#tccc.Call.hungUp(o));
  }
  mute(): Promise<void> {
    this.#require('mute', ['connected']);
    return this.#invoke((o) => this.#tccc.Call.muteMic(o));
  }
  unmute(): Promise<void> {
    this.#require('unmute', ['connected']);
    return this.#invoke((o) => this.#tccc.Call.unmuteMic(o));
  }
  hold(): Promise<void> {
    this.#require('hold', ['connected']);
    return this.#invoke((o) => this.#tccc.Call.hold(o));
  }
  unhold(): Promise<void> {
    this.#require('unhold', ['connected']);
    return this.#invoke((o) => this.#tccc.Call.unHold(o));
  }
  sendDigits(digits: string): Promise<void> {
    if (!/^[0-9*#]+$/.test(digits))
      throw new TcccDialerError('INVALID_ARGUMENT', 'digits must be 0-9, * or #');
    this.#require('sendDigits', ['connected']);
    return this.#invoke((o) => this.#tccc.Call.sendDigits(o), { dtmfText: digits });
  }
  transfer(target: { skillGroupId: string } | { userId: string }): Promise<void> {
    this.#require('transfer', ['connected']);
    return this.#invoke((o) => this.#tccc.Call.transfer(o), { ...target });
  }
}
