// Calls as TCCC sees them: the state of every session, the SDK events each seat receives, and the
// agent status model. The browser SDK reaches this through sdk-backend.ts.
import { randomUUID } from 'node:crypto';
import { calleeBehaviour } from './callees.js';
import type { EmulatorConfig } from './config.js';
import { endStatusString } from './end-status.js';
import { nationalNumber } from './numbers.js';
import type { SdkEvent, SdkSessions } from './sdk-sessions.js';

/** An SDK event as it was emitted for a call. */
export type CallEvent = SdkEvent;

export type CallOperationName = 'muteMic' | 'unmuteMic' | 'hold' | 'unHold' | 'sendDigits' | 'transfer';
export interface CallOperation {
  name: CallOperationName;
  at: number;
  detail?: Record<string, unknown>;
}

export type HungUpSide = 'seat' | 'user' | 'system';
export type CloseBy = 'client' | 'seat' | 'admin' | 'timer';

export interface EmulatorCall {
  sessionId: string;
  seatUserId: string;
  direction: 'outbound' | 'inbound';
  /** National form (`13800138000`); CDRs add the `0086` prefix. */
  callee: string;
  caller: string;
  uui?: string;
  phoneDesc?: string;
  startedAt: number;
  acceptedAt?: number;
  endedAt?: number;
  endStatus?: number;
  hungUpSide?: HungUpSide;
  /** The SDK events emitted for this call, in order. */
  events: CallEvent[];
  /** Seat actions during the call (mute, hold, DTMF, transfer). */
  operations: CallOperation[];
}

export const AGENT_STATUSES = ['free', 'busy', 'arrange', 'notReady', 'rest', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface CallTimings {
  ringMs: number;
  noAnswerMs: number;
  inboundTimeoutMs: number;
  /** After-call work (话后整理): `arrange` for this long after a call, then `free`; 0 goes straight to `free`. */
  afterCallWorkMs: number;
}

export interface CallStoreDeps {
  config: EmulatorConfig;
  sessions: SdkSessions;
  now: () => number;
  timings: CallTimings;
  onEnded: (call: EmulatorCall) => void;
}

/** A refusal the SDK reports as `{ status: 'error', errorMsg }`. */
export class CallRefused extends Error {}

export interface OutboundOptions {
  phoneNumber: string;
  phoneDesc?: string | undefined;
  uui?: string | undefined;
  callerPhoneNumber?: string | undefined;
}

export class CallStore {
  private calls = new Map<string, EmulatorCall>();
  private statuses = new Map<string, AgentStatus>();
  private timers = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: CallStoreDeps) {}

  /** A browser SDK logs in for the seat: it goes online (`free`) unless it already has a status. */
  login(seatUserId: string): string {
    if (!this.statuses.has(seatUserId)) this.statuses.set(seatUserId, 'free');
    return this.deps.sessions.open(seatUserId);
  }

  // ── agent status ────────────────────────────────────────────────────────────

  status(seatUserId: string): AgentStatus {
    return this.statuses.get(seatUserId) ?? 'offline';
  }

  setStatus(seatUserId: string, status: AgentStatus): void {
    if (this.activeCall(seatUserId) && status !== 'busy')
      throw new CallRefused('the agent status cannot change during a call');
    this.changeStatus(seatUserId, status);
  }

  private changeStatus(seatUserId: string, status: AgentStatus): void {
    if (this.statuses.get(seatUserId) === status) return;
    this.statuses.set(seatUserId, status);
    this.emitToSeat(seatUserId, { name: 'statusChanged', payload: { status }, at: this.deps.now() });
  }

  // ── calls ───────────────────────────────────────────────────────────────────

  list(): EmulatorCall[] {
    return [...this.calls.values()];
  }

  get(sessionId: string): EmulatorCall | undefined {
    return this.calls.get(sessionId);
  }

  activeCall(seatUserId: string, sessionId?: string): EmulatorCall | undefined {
    return [...this.calls.values()].find(
      (c) =>
        c.seatUserId === seatUserId &&
        c.endedAt === undefined &&
        (sessionId === undefined || c.sessionId === sessionId),
    );
  }

  startOutbound(seatUserId: string, options: OutboundOptions): EmulatorCall {
    const { config, now, timings } = this.deps;
    if (this.status(seatUserId) === 'offline') throw new CallRefused('the agent is offline');
    if (this.activeCall(seatUserId)) throw new CallRefused('another call is in progress');
    const callee = nationalNumber(options.phoneNumber);
    let caller = config.numbers[0] ?? '';
    if (options.callerPhoneNumber !== undefined) {
      caller = nationalNumber(options.callerPhoneNumber);
      if (!config.numbers.some((n) => nationalNumber(n) === caller))
        throw new CallRefused(
          `callerPhoneNumber ${options.callerPhoneNumber} is not an outbound number of this app`,
        );
    }
    const call: EmulatorCall = {
      sessionId: randomUUID(),
      seatUserId,
      direction: 'outbound',
      callee,
      caller,
      startedAt: now(),
      events: [],
      operations: [],
    };
    if (options.uui !== undefined) call.uui = options.uui;
    if (options.phoneDesc !== undefined) call.phoneDesc = options.phoneDesc;
    this.calls.set(call.sessionId, call);
    this.changeStatus(seatUserId, 'busy');
    this.emit(call, 'callOuted', {
      sessionId: call.sessionId,
      calleePhoneNumber: callee,
      callerPhoneNumber: caller,
      serverType: 'staffSeat',
      ...(call.phoneDesc !== undefined ? { remark: call.phoneDesc } : {}),
    });

    const behaviour = calleeBehaviour(callee);
    if (behaviour.kind === 'fail') {
      const wait = behaviour.afterRing === 'no-answer' ? timings.noAnswerMs : timings.ringMs;
      const closeBy: CloseBy = behaviour.afterRing === 'no-answer' ? 'timer' : 'admin';
      this.later(wait, () => this.end(call, closeBy, behaviour.endStatus, true));
    } else {
      this.later(timings.ringMs, () => {
        if (call.endedAt !== undefined) return;
        call.acceptedAt = now();
        this.emit(call, 'calloutAccepted', { sessionId: call.sessionId });
        if (behaviour.kind === 'answer-then-hang-up')
          this.later(behaviour.afterSeconds * 1000, () => this.end(call, 'client', 1));
      });
    }
    return call;
  }

  /** Rings the seat with an inbound call (`callIn`); unanswered calls time out. */
  inbound(seatUserId: string, callerNumber: string): EmulatorCall {
    const { config, now, timings } = this.deps;
    const call: EmulatorCall = {
      sessionId: randomUUID(),
      seatUserId,
      direction: 'inbound',
      callee: nationalNumber(config.numbers[0] ?? ''),
      caller: nationalNumber(callerNumber),
      startedAt: now(),
      events: [],
      operations: [],
    };
    this.calls.set(call.sessionId, call);
    this.emit(call, 'callIn', {
      sessionId: call.sessionId,
      type: 'phone',
      timeout: Math.round(timings.inboundTimeoutMs / 1000),
      calleePhoneNumber: call.callee,
      callerPhoneNumber: call.caller,
      callerLocation: '',
      remark: '',
      ivrPath: [],
      serverType: 'staffSeat',
    });
    this.later(timings.inboundTimeoutMs, () => {
      if (call.acceptedAt !== undefined || call.endedAt !== undefined) return;
      this.emit(call, 'autoTransfer', { sessionId: call.sessionId });
      this.end(call, 'timer', 104);
    });
    return call;
  }

  accept(seatUserId: string, sessionId: string): void {
    const call = this.activeCall(seatUserId, sessionId);
    if (call?.direction !== 'inbound' || call.acceptedAt !== undefined)
      throw new CallRefused('no ringing inbound call with this sessionId');
    const connected = this.list().some(
      (c) =>
        c !== call && c.seatUserId === seatUserId && c.acceptedAt !== undefined && c.endedAt === undefined,
    );
    if (connected) throw new CallRefused('another call is in progress');
    call.acceptedAt = this.deps.now();
    this.changeStatus(seatUserId, 'busy');
    this.emit(call, 'userAccessed', { sessionId });
  }

  hangUp(seatUserId: string, sessionId?: string): void {
    const call = this.activeCall(seatUserId, sessionId);
    if (!call) throw new CallRefused('no call in progress with this sessionId');
    // An outbound call cancelled before the callee answers is `callerCancelWhileRing`.
    const status = call.acceptedAt !== undefined ? 1 : call.direction === 'outbound' ? 220 : 104;
    this.end(call, 'seat', status);
  }

  /** The customer hangs up (control API). */
  customerHangUp(sessionId: string): boolean {
    const call = this.calls.get(sessionId);
    if (!call || call.endedAt !== undefined) return false;
    this.end(call, 'client', call.acceptedAt !== undefined ? 1 : call.direction === 'inbound' ? 104 : 209);
    return true;
  }

  /** `deleteCall`: removes the session from the agent's list (hanging up first if needed). */
  complete(seatUserId: string, sessionId: string): void {
    const call = this.calls.get(sessionId);
    if (!call || call.seatUserId !== seatUserId) throw new CallRefused('no call with this sessionId');
    if (call.endedAt === undefined) this.hangUp(seatUserId, sessionId);
    this.emit(call, 'sessionCompleted', { sessionId });
  }

  operate(
    seatUserId: string,
    sessionId: string | undefined,
    name: CallOperationName,
    detail?: Record<string, unknown>,
  ): EmulatorCall {
    const call = this.activeCall(seatUserId, sessionId);
    if (!call || call.acceptedAt === undefined)
      throw new CallRefused('no connected call with this sessionId');
    const op: CallOperation = { name, at: this.deps.now() };
    if (detail) op.detail = detail;
    call.operations.push(op);
    return call;
  }

  transfer(
    seatUserId: string,
    sessionId: string | undefined,
    target: { userId?: string | undefined; skillGroupId?: string | undefined },
  ): void {
    const call = this.activeCall(seatUserId, sessionId);
    if (!call || call.acceptedAt === undefined)
      throw new CallRefused('no connected call with this sessionId');
    if (target.userId === undefined && target.skillGroupId === undefined)
      throw new CallRefused('transfer needs a userId or a skillGroupId');
    if (
      target.userId !== undefined &&
      !this.deps.config.seats.some((s) => s.userId === target.userId && s.userId !== seatUserId)
    )
      throw new CallRefused(`transfer target ${target.userId} is not another seat of this app`);
    const detail: Record<string, unknown> = {};
    if (target.userId !== undefined) detail.userId = target.userId;
    if (target.skillGroupId !== undefined) detail.skillGroupId = target.skillGroupId;
    this.operate(seatUserId, call.sessionId, 'transfer', detail);
    this.emit(call, 'transfer', { sessionId: call.sessionId, ...detail });
    this.end(call, 'seat', 1);
  }

  private end(call: EmulatorCall, closeBy: CloseBy, endStatus: number, withReason = false): void {
    if (call.endedAt !== undefined) return;
    const now = this.deps.now();
    call.endedAt = now;
    call.endStatus = endStatus;
    call.hungUpSide = closeBy === 'seat' ? 'seat' : closeBy === 'client' ? 'user' : 'system';
    const duration = call.acceptedAt !== undefined ? (now - call.acceptedAt) / 1000 : 0;
    this.emit(call, 'sessionEnded', {
      sessionId: call.sessionId,
      closeBy,
      type: 'phone',
      duration,
      ...(withReason ? { mainReason: endStatusString(endStatus), subReason: String(endStatus) } : {}),
    });
    if (this.status(call.seatUserId) === 'busy') this.afterCall(call.seatUserId);
    this.deps.onEnded(call);
  }

  private afterCall(seatUserId: string): void {
    const { afterCallWorkMs } = this.deps.timings;
    if (afterCallWorkMs <= 0) {
      this.changeStatus(seatUserId, 'free');
      return;
    }
    this.changeStatus(seatUserId, 'arrange');
    this.later(afterCallWorkMs, () => {
      if (this.status(seatUserId) === 'arrange') this.changeStatus(seatUserId, 'free');
    });
  }

  private emit(call: EmulatorCall, name: string, payload: Record<string, unknown>): void {
    const event = { name, payload, at: this.deps.now() };
    call.events.push(event);
    this.emitToSeat(call.seatUserId, event);
  }

  private emitToSeat(seatUserId: string, event: CallEvent): void {
    this.deps.sessions.deliver(seatUserId, event);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** Forgets every call and status; pending callee timers are cancelled. */
  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.calls.clear();
    this.statuses.clear();
  }
}
