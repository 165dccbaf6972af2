// Calls as TCCC sees them: every session with the seats that took part in it (ServeParticipants), the SDK
// events each seat receives, inbound routing through skill-group queues, transfers, and the agent status
// model. The browser SDK reaches this through sdk-backend.ts.
import { randomUUID } from 'node:crypto';
import { calleeBehaviour } from './callees.js';
import type { EmulatorConfig } from './config.js';
import { endStatusString } from './end-status.js';
import { nationalNumber, withCountryPrefix } from './numbers.js';
import type { SdkEvent, SdkSessions } from './sdk-sessions.js';
import { type AgentStatus, SeatStatuses } from './seat-statuses.js';
import { findSkillGroup, phoneGroupsOf } from './skill-groups.js';

export type { AgentStatus } from './seat-statuses.js';
export { AGENT_STATUSES } from './seat-statuses.js';

/** An SDK event as it was emitted for a call, and the seat it went to. */
export type CallEvent = SdkEvent & { seatUserId: string };

export type CallOperationName =
  | 'muteMic'
  | 'unmuteMic'
  | 'hold'
  | 'unHold'
  | 'sendDigits'
  | 'transfer'
  | 'monitor';
export interface CallOperation {
  name: CallOperationName;
  at: number;
  detail?: Record<string, unknown>;
}

export type HungUpSide = 'seat' | 'user' | 'system';
export type CloseBy = 'client' | 'seat' | 'admin' | 'timer';
/** `dialing`: an outbound callee rings; `queued`: waits for a free seat; `ringing`: a seat is offered it. */
export type CallPhase = 'dialing' | 'queued' | 'ringing' | 'connected' | 'ended';

/** One seat's part in a call, in order: what becomes a `ServeParticipant`. */
export interface CallParticipant {
  seatUserId: string;
  /** From 0, in the order the seats took part. */
  sequence: number;
  /** When the seat was rung (an outbound call: when it dialled). */
  offeredAt: number;
  acceptedAt?: number;
  endedAt?: number;
  skillGroupId?: number;
  /** The seat this one got the call from, by transfer. */
  transferFrom?: string;
  /** The seat this one transferred the call to. */
  transferTo?: string;
  /** How this seat's part ended: the call's status, `seatGiveUp` (declined, not answered) or `seatForward` (transferred). */
  endStatusString?: string;
}

export interface EmulatorCall {
  sessionId: string;
  /** The seat holding (or last offered) the call; empty when no seat was ever offered it. */
  seatUserId: string;
  direction: 'outbound' | 'inbound';
  /** National form (`13800138000`); CDRs add the `0086` prefix. What was really dialled, even when masked. */
  callee: string;
  caller: string;
  /** With number protection: the customer's user ID (outbound). */
  protectedCallee?: string;
  /** With number protection: the customer's user ID (inbound); empty when the mapping failed. */
  protectedCaller?: string;
  uui?: string;
  phoneDesc?: string;
  skillGroupId?: number;
  phase: CallPhase;
  startedAt: number;
  /** When an inbound call first waited for a seat. */
  queuedAt?: number;
  /** When the customer was first connected to a seat. */
  acceptedAt?: number;
  endedAt?: number;
  endStatus?: number;
  hungUpSide?: HungUpSide;
  participants: CallParticipant[];
  /** The SDK events emitted for this call, in order, to whichever seat. */
  events: CallEvent[];
  /** Seat and supervisor actions during the call (mute, hold, DTMF, transfer, monitor). */
  operations: CallOperation[];
}

export interface CallTimings {
  ringMs: number;
  noAnswerMs: number;
  /** How long a seat is rung with an inbound call before `autoTransfer` (0: until the customer gives up). */
  inboundTimeoutMs: number;
  /** How long a queued customer waits for a free seat before giving up (103 waitingGiveUp). */
  queueTimeoutMs: number;
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
  /** The real number to dial (after any UIDToPhone mapping). */
  phoneNumber: string;
  /** The user ID the agent dialled, when the number is masked. */
  protectedCallee?: string | undefined;
  phoneDesc?: string | undefined;
  uui?: string | undefined;
  callerPhoneNumber?: string | undefined;
  skillGroupId?: number | undefined;
}

export interface InboundOptions {
  /** The customer's number. */
  caller: string;
  /** The customer's user ID, when numbers are masked ('' when the mapping failed). */
  protectedCaller?: string | undefined;
  /** The seat the call should reach first. */
  seatUserId?: string | undefined;
  /** The queue; by default the seat's first phone group, else the line's. */
  skillGroupId?: number | undefined;
  /** The app's number the customer dialled; by default the first. */
  line?: string | undefined;
  /**
   * Number protection: asks for the caller's user ID (PhoneToUID) before any seat is offered the call;
   * resolves with '' when the mapping fails.
   */
  maskCaller?: ((number: string) => Promise<string>) | undefined;
}

/** Routing state of a call, beside what the control API shows. */
interface Routing {
  /** Seat to try first. */
  preferred?: string;
  /** Seats that declined the call, let it time out, or transferred it away: not offered it again. */
  excluded: Set<string>;
  queueTimer?: NodeJS.Timeout;
  ringTimer?: NodeJS.Timeout;
}

export class CallStore {
  readonly statuses: SeatStatuses;
  private calls = new Map<string, EmulatorCall>();
  private routing = new Map<string, Routing>();
  private timers = new Set<NodeJS.Timeout>();
  private routeScheduled = false;

  constructor(private readonly deps: CallStoreDeps) {
    this.statuses = new SeatStatuses(deps.now);
  }

  /** A browser SDK logs in for the seat: it goes online (`free`) unless it already has a status. */
  login(seatUserId: string): string {
    if (!this.statuses.known(seatUserId)) this.statuses.set(seatUserId, 'free');
    const session = this.deps.sessions.open(seatUserId);
    this.routeQueuedSoon();
    return session;
  }

  // ── agent status ────────────────────────────────────────────────────────────

  status(seatUserId: string): AgentStatus {
    return this.statuses.status(seatUserId);
  }

  setStatus(seatUserId: string, status: AgentStatus, reason?: string): void {
    if (this.openLeg(seatUserId)) throw new CallRefused('the agent status cannot change during a call');
    this.changeStatus(seatUserId, status, reason);
  }

  /** Free, online (an SDK open) and on no call: a seat a call may be offered to. */
  available(seatUserId: string): boolean {
    return (
      this.status(seatUserId) === 'free' && this.online(seatUserId) && this.openLeg(seatUserId) === undefined
    );
  }

  online(seatUserId: string): boolean {
    return this.status(seatUserId) !== 'offline' && this.clients(seatUserId) > 0;
  }

  /** How many SDKs of the seat are open. */
  clients(seatUserId: string): number {
    return this.deps.sessions.openCount(seatUserId);
  }

  private changeStatus(seatUserId: string, status: AgentStatus, reason?: string): void {
    if (!this.statuses.set(seatUserId, status, reason)) return;
    this.deliver(seatUserId, 'statusChanged', { status });
    if (status === 'free') this.routeQueuedSoon();
  }

  // ── calls ───────────────────────────────────────────────────────────────────

  list(): EmulatorCall[] {
    return [...this.calls.values()];
  }

  get(sessionId: string): EmulatorCall | undefined {
    return this.calls.get(sessionId);
  }

  /** The seat's part in a call that has not ended (ringing, dialling or connected). */
  openLeg(seatUserId: string, sessionId?: string): { call: EmulatorCall; leg: CallParticipant } | undefined {
    for (const call of this.calls.values()) {
      if (call.endedAt !== undefined || (sessionId !== undefined && call.sessionId !== sessionId)) continue;
      const leg = call.participants.find((p) => p.seatUserId === seatUserId && p.endedAt === undefined);
      if (leg) return { call, leg };
    }
    return undefined;
  }

  /** Throws when the seat cannot place a call now (checked before any number mapping, too). */
  checkCanDial(seatUserId: string): void {
    if (this.status(seatUserId) === 'offline') throw new CallRefused('the agent is offline');
    if (this.openLeg(seatUserId)) throw new CallRefused('another call is in progress');
  }

  startOutbound(seatUserId: string, options: OutboundOptions): EmulatorCall {
    const { config, now, timings } = this.deps;
    this.checkCanDial(seatUserId);
    const callee = nationalNumber(options.phoneNumber);
    const caller = this.callerId(options);
    const skillGroupId = options.skillGroupId ?? phoneGroupsOf(config, seatUserId)[0]?.skillGroupId;
    const at = now();
    const call: EmulatorCall = {
      sessionId: randomUUID(),
      seatUserId,
      direction: 'outbound',
      callee,
      caller,
      phase: 'dialing',
      startedAt: at,
      participants: [{ seatUserId, sequence: 0, offeredAt: at }],
      events: [],
      operations: [],
    };
    if (skillGroupId !== undefined) {
      call.skillGroupId = skillGroupId;
      (call.participants[0] as CallParticipant).skillGroupId = skillGroupId;
    }
    if (options.protectedCallee !== undefined) call.protectedCallee = options.protectedCallee;
    if (options.uui !== undefined) call.uui = options.uui;
    if (options.phoneDesc !== undefined) call.phoneDesc = options.phoneDesc;
    this.track(call);
    this.changeStatus(seatUserId, 'busy');
    this.emit(call, seatUserId, 'callOuted', {
      sessionId: call.sessionId,
      // Masked: the agent sees the ID it dialled, never the number (号码保护).
      calleePhoneNumber: call.protectedCallee !== undefined ? '' : callee,
      callerPhoneNumber: caller,
      serverType: 'staffSeat',
      ...(call.protectedCallee !== undefined ? { protectedCallee: call.protectedCallee } : {}),
      ...(call.phoneDesc !== undefined ? { remark: call.phoneDesc } : {}),
    });

    const behaviour = calleeBehaviour(callee);
    if (behaviour.kind === 'fail') {
      const wait = behaviour.afterRing === 'no-answer' ? timings.noAnswerMs : timings.ringMs;
      const closeBy: CloseBy = behaviour.afterRing === 'no-answer' ? 'timer' : 'admin';
      this.later(wait, () => this.end(call, closeBy, behaviour.endStatus, true));
    } else {
      this.later(timings.ringMs, () => {
        if (call.phase !== 'dialing') return;
        const answered = now();
        call.acceptedAt = answered;
        (call.participants[0] as CallParticipant).acceptedAt = answered;
        call.phase = 'connected';
        this.emit(call, seatUserId, 'calloutAccepted', { sessionId: call.sessionId });
        if (behaviour.kind === 'answer-then-hang-up')
          this.later(behaviour.afterSeconds * 1000, () => this.end(call, 'client', 1));
      });
    }
    return call;
  }

  /** The caller ID: the one asked for (it must be the app's), else the group's first bound number, else the first. */
  private callerId(options: OutboundOptions): string {
    const { config } = this.deps;
    if (options.callerPhoneNumber !== undefined) {
      const asked = nationalNumber(options.callerPhoneNumber);
      if (!config.numbers.includes(asked))
        throw new CallRefused(
          `callerPhoneNumber ${options.callerPhoneNumber} is not an outbound number of this app`,
        );
      return asked;
    }
    if (options.skillGroupId !== undefined) {
      const group = findSkillGroup(config, options.skillGroupId);
      if (!group) throw new CallRefused(`skill group ${options.skillGroupId} does not exist`);
      const bound = group.callOutNumbers[0];
      if (!bound) throw new CallRefused(`no outbound number is bound to skill group ${options.skillGroupId}`);
      return bound;
    }
    return config.numbers[0] ?? '';
  }

  /** A customer calls a line: the call queues on a skill group and is offered to a free seat. */
  inbound(options: InboundOptions): EmulatorCall {
    const { config, now } = this.deps;
    const line = nationalNumber(options.line ?? config.numbers[0] ?? '');
    const phoneGroups = config.skillGroups.filter((g) => g.type === 'phone');
    const skillGroupId =
      options.skillGroupId ??
      (options.seatUserId !== undefined
        ? phoneGroupsOf(config, options.seatUserId)[0]?.skillGroupId
        : (phoneGroups.find((g) => g.callOutNumbers.includes(line)) ?? phoneGroups[0])?.skillGroupId);
    const at = now();
    const call: EmulatorCall = {
      sessionId: randomUUID(),
      seatUserId: '',
      direction: 'inbound',
      callee: line,
      caller: nationalNumber(options.caller),
      phase: 'queued',
      startedAt: at,
      queuedAt: at,
      participants: [],
      events: [],
      operations: [],
    };
    if (skillGroupId !== undefined) call.skillGroupId = skillGroupId;
    if (options.protectedCaller !== undefined) call.protectedCaller = options.protectedCaller;
    this.track(call, options.seatUserId);
    if (!options.maskCaller) {
      this.route(call);
      return call;
    }
    // No seat sees the call before its caller has an ID: the agent side never gets the number.
    void options.maskCaller(withCountryPrefix(call.caller)).then((id) => {
      call.protectedCaller = id;
      this.route(call);
    });
    return call;
  }

  accept(seatUserId: string, sessionId: string): void {
    const open = this.openLeg(seatUserId, sessionId);
    if (!open || !this.ringing(open.call, open.leg))
      throw new CallRefused('no ringing inbound call with this sessionId');
    const { call, leg } = open;
    this.cancel(this.routingOf(call).ringTimer);
    const at = this.deps.now();
    leg.acceptedAt = at;
    call.acceptedAt ??= at;
    call.phase = 'connected';
    this.changeStatus(seatUserId, 'busy');
    this.emit(call, seatUserId, 'userAccessed', { sessionId });
  }

  /** `Call.end` (and `hungUp` while it rings): the seat rejects the call, which goes on to the next seat. */
  decline(seatUserId: string, sessionId?: string): void {
    const open = this.openLeg(seatUserId, sessionId);
    if (!open || !this.ringing(open.call, open.leg))
      throw new CallRefused('no ringing inbound call with this sessionId');
    this.giveUpOffer(open.call, open.leg, 'seat');
  }

  hangUp(seatUserId: string, sessionId?: string): void {
    const open = this.openLeg(seatUserId, sessionId);
    if (!open) throw new CallRefused('no call in progress with this sessionId');
    const { call, leg } = open;
    if (this.ringing(call, leg)) this.giveUpOffer(call, leg, 'seat');
    // An outbound call cancelled before the callee answers is `callerCancelWhileRing`.
    else this.end(call, 'seat', call.phase === 'dialing' ? 220 : 1);
  }

  /** The customer hangs up (control API). */
  customerHangUp(sessionId: string): boolean {
    const call = this.calls.get(sessionId);
    if (!call || call.endedAt !== undefined) return false;
    let status = 1;
    if (call.acceptedAt === undefined)
      status = call.direction === 'outbound' ? 209 : call.phase === 'queued' ? 103 : 104;
    this.end(call, 'client', status);
    return true;
  }

  /** `deleteCall`: removes the session from the agent's list (hanging up first if needed). */
  complete(seatUserId: string, sessionId: string): void {
    const call = this.calls.get(sessionId);
    if (!call?.participants.some((p) => p.seatUserId === seatUserId))
      throw new CallRefused('no call with this sessionId');
    if (this.openLeg(seatUserId, sessionId)) this.hangUp(seatUserId, sessionId);
    this.emit(call, seatUserId, 'sessionCompleted', { sessionId });
  }

  operate(
    seatUserId: string,
    sessionId: string | undefined,
    name: CallOperationName,
    detail?: Record<string, unknown>,
  ): EmulatorCall {
    const call = this.connectedCallOf(seatUserId, sessionId);
    this.record(call, name, detail);
    return call;
  }

  /** A supervisor listens in from the management console (实时通话监听). */
  monitor(sessionId: string, supervisorUserId: string): boolean {
    const call = this.calls.get(sessionId);
    if (!call || call.endedAt !== undefined) return false;
    this.record(call, 'monitor', { userId: supervisorUserId });
    return true;
  }

  /**
   * A blind transfer: the call leaves this seat (`transfer`, then `sessionEnded` for it) and rings the target,
   * a free seat or a free member of the skill group; refused when nobody free can take it.
   */
  transfer(
    seatUserId: string,
    sessionId: string | undefined,
    target: { userId?: string | undefined; skillGroupId?: number | undefined },
  ): void {
    const call = this.connectedCallOf(seatUserId, sessionId);
    if (target.userId === undefined && target.skillGroupId === undefined)
      throw new CallRefused('transfer needs a userId or a skillGroupId');
    const to =
      target.userId !== undefined
        ? this.freeSeat(seatUserId, target.userId)
        : this.freeMember(seatUserId, target.skillGroupId);
    const detail: Record<string, unknown> = {};
    if (target.userId !== undefined) detail.userId = target.userId;
    if (target.skillGroupId !== undefined) detail.skillGroupId = String(target.skillGroupId);
    this.record(call, 'transfer', detail);
    this.emit(call, seatUserId, 'transfer', { sessionId: call.sessionId, ...detail });
    const leg = this.openLeg(seatUserId, call.sessionId)?.leg as CallParticipant;
    leg.transferTo = to;
    this.closeLeg(call, leg, 'seat', 'seatForward');
    const routing = this.routingOf(call);
    routing.excluded.add(seatUserId);
    routing.preferred = to;
    if (target.skillGroupId !== undefined) call.skillGroupId = target.skillGroupId;
    this.offer(call, to, seatUserId);
  }

  /** A transfer target: another seat of the app, free right now. */
  private freeSeat(from: string, userId: string): string {
    if (!this.deps.config.seats.some((s) => s.userId === userId && s.userId !== from))
      throw new CallRefused(`transfer target ${userId} is not another seat of this app`);
    if (!this.available(userId))
      throw new CallRefused(
        `transfer target ${userId} cannot take the call now (${this.online(userId) ? this.status(userId) : 'offline'})`,
      );
    return userId;
  }

  /** The first free member of a phone skill group, other than the transferring seat. */
  private freeMember(from: string, skillGroupId: number | undefined): string {
    const group = skillGroupId === undefined ? undefined : findSkillGroup(this.deps.config, skillGroupId);
    if (group?.type !== 'phone') throw new CallRefused(`skill group ${skillGroupId} does not exist`);
    const seat = group.members.find((m) => m !== from && this.available(m));
    if (!seat) throw new CallRefused(`no seat of skill group ${skillGroupId} is free to take the call`);
    return seat;
  }

  // ── inbound routing ─────────────────────────────────────────────────────────

  /** Offers the call to the first free candidate; else queues it, or ends it when no candidate is online. */
  private route(call: EmulatorCall): void {
    if (call.endedAt !== undefined) return;
    const routing = this.routingOf(call);
    const candidates = this.candidates(call);
    const seat = candidates.find((s) => !routing.excluded.has(s) && this.available(s));
    if (seat) {
      this.offer(call, seat);
      return;
    }
    // Nobody of the group is even online: TCCC's 105 noSeatOnline (the customer was served before: 1).
    if (!candidates.some((s) => this.online(s))) {
      this.end(call, 'admin', call.acceptedAt ? 1 : 105);
      return;
    }
    if (call.phase === 'queued' && routing.queueTimer) return;
    call.phase = 'queued';
    call.queuedAt ??= this.deps.now();
    routing.queueTimer = this.later(this.deps.timings.queueTimeoutMs, () => {
      if (call.phase === 'queued') this.end(call, 'client', call.acceptedAt ? 1 : 103);
    });
  }

  /** The preferred seat first, then the members of the call's skill group, in config order. */
  private candidates(call: EmulatorCall): string[] {
    const routing = this.routingOf(call);
    const group =
      call.skillGroupId === undefined ? undefined : findSkillGroup(this.deps.config, call.skillGroupId);
    const seats = [routing.preferred, ...(group?.type === 'phone' ? group.members : [])];
    return [...new Set(seats.filter((s): s is string => s !== undefined))];
  }

  private offer(call: EmulatorCall, seatUserId: string, transferFrom?: string): void {
    const { timings, now } = this.deps;
    const routing = this.routingOf(call);
    this.cancel(routing.queueTimer);
    delete routing.queueTimer;
    const leg: CallParticipant = { seatUserId, sequence: call.participants.length, offeredAt: now() };
    if (call.skillGroupId !== undefined) leg.skillGroupId = call.skillGroupId;
    if (transferFrom !== undefined) leg.transferFrom = transferFrom;
    call.participants.push(leg);
    call.seatUserId = seatUserId;
    call.phase = 'ringing';
    // The customer, the line and the user ID, whichever way the call first went.
    const inbound = call.direction === 'inbound';
    const customerId = inbound ? call.protectedCaller : call.protectedCallee;
    this.emit(call, seatUserId, 'callIn', {
      sessionId: call.sessionId,
      type: 'phone',
      timeout: Math.round(timings.inboundTimeoutMs / 1000),
      calleePhoneNumber: inbound ? call.callee : call.caller,
      callerPhoneNumber: customerId !== undefined ? '' : inbound ? call.caller : call.callee,
      callerLocation: '',
      remark: call.phoneDesc ?? '',
      ivrPath: [],
      serverType: 'staffSeat',
      ...(customerId !== undefined ? { protectedCaller: customerId } : {}),
    });
    if (timings.inboundTimeoutMs > 0)
      routing.ringTimer = this.later(timings.inboundTimeoutMs, () => {
        if (!this.ringing(call, leg)) return;
        this.emit(call, seatUserId, 'autoTransfer', { sessionId: call.sessionId });
        this.giveUpOffer(call, leg, 'timer');
      });
  }

  /** The seat did not take the call (declined or timed out): its part ends and the call routes on. */
  private giveUpOffer(call: EmulatorCall, leg: CallParticipant, closeBy: CloseBy): void {
    const routing = this.routingOf(call);
    this.cancel(routing.ringTimer);
    routing.excluded.add(leg.seatUserId);
    this.closeLeg(call, leg, closeBy, 'seatGiveUp');
    call.phase = 'queued';
    this.route(call);
  }

  private ringing(call: EmulatorCall, leg: CallParticipant): boolean {
    return call.phase === 'ringing' && leg.acceptedAt === undefined && leg.endedAt === undefined;
  }

  /** Queued calls get another chance when a seat becomes free or logs in (after the current change settles). */
  private routeQueuedSoon(): void {
    if (this.routeScheduled) return;
    this.routeScheduled = true;
    queueMicrotask(() => {
      this.routeScheduled = false;
      const queued = this.list()
        .filter((c) => c.phase === 'queued')
        .sort((a, b) => (a.queuedAt ?? 0) - (b.queuedAt ?? 0));
      for (const call of queued) this.route(call);
    });
  }

  // ── endings ─────────────────────────────────────────────────────────────────

  private connectedCallOf(seatUserId: string, sessionId: string | undefined): EmulatorCall {
    const open = this.openLeg(seatUserId, sessionId);
    if (open?.call.phase !== 'connected' || open.leg.acceptedAt === undefined)
      throw new CallRefused('no connected call with this sessionId');
    return open.call;
  }

  /** One seat's part ends; the call may go on without it. */
  private closeLeg(
    call: EmulatorCall,
    leg: CallParticipant,
    closeBy: CloseBy,
    endStatus: string,
    reason?: number,
  ): void {
    const now = this.deps.now();
    leg.endedAt = now;
    leg.endStatusString = endStatus;
    this.emit(call, leg.seatUserId, 'sessionEnded', {
      sessionId: call.sessionId,
      closeBy,
      type: 'phone',
      duration: leg.acceptedAt !== undefined ? (now - leg.acceptedAt) / 1000 : 0,
      ...(reason !== undefined ? { mainReason: endStatusString(reason), subReason: String(reason) } : {}),
    });
    if (this.status(leg.seatUserId) === 'busy') this.afterCall(leg.seatUserId);
  }

  /** The whole call ends: every seat still on it gets `sessionEnded`. */
  private end(call: EmulatorCall, closeBy: CloseBy, endStatus: number, withReason = false): void {
    if (call.endedAt !== undefined) return;
    const routing = this.routingOf(call);
    this.cancel(routing.ringTimer);
    this.cancel(routing.queueTimer);
    // A seat still being rung when the customer hangs up: the customer gave up while it rang.
    const ringingLeg = call.phase === 'ringing' ? call.participants.at(-1) : undefined;
    call.endedAt = this.deps.now();
    call.endStatus = endStatus;
    call.hungUpSide = closeBy === 'seat' ? 'seat' : closeBy === 'client' ? 'user' : 'system';
    call.phase = 'ended';
    for (const leg of call.participants) {
      if (leg.endedAt !== undefined) continue;
      const status =
        leg === ringingLeg && closeBy === 'client' ? 'ringingGiveUp' : endStatusString(endStatus);
      this.closeLeg(call, leg, closeBy, status, withReason ? endStatus : undefined);
    }
    this.routing.delete(call.sessionId);
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
      if (this.status(seatUserId) === 'arrange' && !this.openLeg(seatUserId))
        this.changeStatus(seatUserId, 'free');
    });
  }

  // ── plumbing ────────────────────────────────────────────────────────────────

  private track(call: EmulatorCall, preferred?: string): void {
    this.calls.set(call.sessionId, call);
    const routing: Routing = { excluded: new Set() };
    if (preferred !== undefined) routing.preferred = preferred;
    this.routing.set(call.sessionId, routing);
  }

  private routingOf(call: EmulatorCall): Routing {
    let routing = this.routing.get(call.sessionId);
    if (!routing) {
      routing = { excluded: new Set() };
      this.routing.set(call.sessionId, routing);
    }
    return routing;
  }

  private record(call: EmulatorCall, name: CallOperationName, detail?: Record<string, unknown>): void {
    const op: CallOperation = { name, at: this.deps.now() };
    if (detail) op.detail = detail;
    call.operations.push(op);
  }

  private emit(call: EmulatorCall, seatUserId: string, name: string, payload: Record<string, unknown>): void {
    const event = { name, payload, at: this.deps.now() };
    call.events.push({ ...event, seatUserId });
    this.deps.sessions.deliver(seatUserId, event);
  }

  private deliver(seatUserId: string, name: string, payload: Record<string, unknown>): void {
    this.deps.sessions.deliver(seatUserId, { name, payload, at: this.deps.now() });
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private cancel(t: NodeJS.Timeout | undefined): void {
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  /** Forgets every call and status; pending timers are cancelled. */
  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.calls.clear();
    this.routing.clear();
    this.statuses.reset();
  }
}
