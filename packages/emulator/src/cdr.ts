// Call detail records: one per ended call (or seeded history), shaped as DescribeTelCdr's TelCdrInfo and
// as the data push's phone CDR (reference §3.1, §3.6).
import { randomUUID } from 'node:crypto';
import type { CallOperation, CallParticipant, EmulatorCall, HungUpSide } from './calls.js';
import type { EmulatorConfig, SeatConfig } from './config.js';
import { endStatusString } from './end-status.js';
import { nationalNumber, withCountryPrefix } from './numbers.js';
import type { Recordings } from './recordings.js';
import { findSkillGroup, phoneGroupsOf, skillGroupNames } from './skill-groups.js';

export interface CdrRecord {
  sessionId: string;
  /** The seat shown as `SeatUser`: the last that took the call, else the last offered it; '' for none. */
  seatUserId: string;
  direction: 'outbound' | 'inbound';
  caller: string;
  callee: string;
  protectedCaller?: string;
  protectedCallee?: string;
  skillGroupId?: number;
  startedAt: number;
  queuedAt?: number;
  acceptedAt?: number;
  endedAt: number;
  endStatus: number;
  hungUpSide: HungUpSide;
  uui: string;
  remark: string;
  /** The mixed recording (both sides); answered calls only. */
  recordId?: string;
  participants: CallParticipant[];
  operations: CallOperation[];
}

export interface SeedOptions {
  count: number;
  /** Unix seconds; defaults to the last 24 hours. */
  startTimestamp?: number | undefined;
  endTimestamp?: number | undefined;
  seatUserId?: string | undefined;
}

export interface CdrQuery {
  startTimestamp: number;
  endTimestamp: number;
  phones?: string[] | undefined;
  sessionIds?: string[] | undefined;
  /** Only calls whose customer number was masked (DescribeProtectedTelCdr). */
  protectedOnly?: boolean;
}

/** CDR list links live as long as the recording storage (3 months). */
const LIST_RECORD_URL_TTL_SECONDS = 90 * 86400;
const SEED_OUTCOMES = [1, 1, 206, 202, 204, 1, 205, 203];
const seconds = (ms: number | undefined): number => (ms === undefined ? 0 : Math.floor(ms / 1000));

/** Recording ids: `R<session>` mixed, `R<session>U` the customer's side, `R<session>S<n>` participant n's. */
export const recordIdOf = (sessionId: string): string => `R${sessionId.replaceAll('-', '')}`;
export const customerRecordId = (recordId: string): string => `${recordId}U`;
export const seatRecordId = (recordId: string, sequence: number): string => `${recordId}S${sequence}`;

export class CdrStore {
  private records = new Map<string, CdrRecord>();
  /** The records by start time, rebuilt only after a change: a backfill pages a large day many times. */
  private sorted: CdrRecord[] | undefined;

  constructor(
    private readonly config: EmulatorConfig,
    private readonly now: () => number,
    private readonly recordings: Recordings,
  ) {}

  addCall(call: EmulatorCall): CdrRecord {
    const accepted = [...call.participants].reverse().find((p) => p.acceptedAt !== undefined);
    const record: CdrRecord = {
      sessionId: call.sessionId,
      seatUserId: accepted?.seatUserId ?? call.seatUserId,
      direction: call.direction,
      caller: call.caller,
      callee: call.callee,
      startedAt: call.startedAt,
      endedAt: call.endedAt ?? this.now(),
      endStatus: call.endStatus ?? 0,
      hungUpSide: call.hungUpSide ?? 'system',
      uui: call.uui ?? '',
      remark: call.phoneDesc ?? '',
      participants: call.participants.map((p) => ({ ...p })),
      operations: [...call.operations],
    };
    if (call.protectedCaller !== undefined) record.protectedCaller = call.protectedCaller;
    if (call.protectedCallee !== undefined) record.protectedCallee = call.protectedCallee;
    if (call.skillGroupId !== undefined) record.skillGroupId = call.skillGroupId;
    if (call.queuedAt !== undefined) record.queuedAt = call.queuedAt;
    if (call.acceptedAt !== undefined) {
      record.acceptedAt = call.acceptedAt;
      record.recordId = recordIdOf(call.sessionId);
    }
    this.records.set(record.sessionId, record);
    this.sorted = undefined;
    return record;
  }

  /** Historical CDRs spread evenly over a window, with a deterministic mix of outcomes. */
  seed(options: SeedOptions): CdrRecord[] {
    const nowS = Math.floor(this.now() / 1000);
    const start = options.startTimestamp ?? nowS - 86400;
    const end = options.endTimestamp ?? nowS - 60;
    const seat = options.seatUserId ?? this.config.seats[0]?.userId ?? '';
    const skillGroupId = phoneGroupsOf(this.config, seat)[0]?.skillGroupId;
    const out: CdrRecord[] = [];
    for (let i = 0; i < options.count; i++) {
      const startedAt = (start + Math.floor((i * (end - start)) / Math.max(options.count, 1))) * 1000;
      const endStatus = SEED_OUTCOMES[i % SEED_OUTCOMES.length] ?? 1;
      const answered = endStatus === 1;
      const sessionId = randomUUID();
      const endedAt = startedAt + (answered ? 45_000 : 20_000);
      const leg: CallParticipant = {
        seatUserId: seat,
        sequence: 0,
        offeredAt: startedAt,
        endedAt,
        endStatusString: endStatusString(endStatus),
      };
      if (skillGroupId !== undefined) leg.skillGroupId = skillGroupId;
      const record: CdrRecord = {
        sessionId,
        seatUserId: seat,
        direction: 'outbound',
        caller: nationalNumber(this.config.numbers[0] ?? ''),
        callee: `139${String(i).padStart(8, '0')}`,
        startedAt,
        endedAt,
        endStatus,
        hungUpSide: answered ? (i % 2 ? 'user' : 'seat') : 'system',
        uui: `seed-${i}`,
        remark: '',
        participants: [leg],
        operations: [],
      };
      if (skillGroupId !== undefined) record.skillGroupId = skillGroupId;
      if (answered) {
        record.acceptedAt = startedAt + 5000;
        leg.acceptedAt = record.acceptedAt;
        record.recordId = recordIdOf(sessionId);
      }
      this.records.set(sessionId, record);
      this.sorted = undefined;
      out.push(record);
    }
    return out;
  }

  get(sessionId: string): CdrRecord | undefined {
    return this.records.get(sessionId);
  }

  /** Records whose start lies in [start, end] (inclusive), oldest first, ties by SessionId. */
  query(q: CdrQuery): CdrRecord[] {
    const phones = q.phones?.map(nationalNumber);
    this.sorted ??= [...this.records.values()].sort(
      (a, b) => a.startedAt - b.startedAt || a.sessionId.localeCompare(b.sessionId),
    );
    const sorted = this.sorted;
    // The first record of the window, by binary search on the start time.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (seconds((sorted[mid] as CdrRecord).startedAt) < q.startTimestamp) lo = mid + 1;
      else hi = mid;
    }
    // And the first record after it: a page of a large day is then one slice, not a walk over the day.
    let end = lo;
    hi = sorted.length;
    while (end < hi) {
      const mid = (end + hi) >>> 1;
      if (seconds((sorted[mid] as CdrRecord).startedAt) <= q.endTimestamp) end = mid + 1;
      else hi = mid;
    }
    const inWindow = sorted.slice(lo, end);
    if (!q.protectedOnly && !phones && !q.sessionIds) return inWindow;
    return inWindow.filter((r) => {
      if (q.protectedOnly && !isMasked(r)) return false;
      // A masked number is not in the record, so it cannot be searched for; its user ID can.
      if (phones && !this.shownNumbers(r).some((n) => phones.includes(n))) return false;
      return !q.sessionIds || q.sessionIds.includes(r.sessionId);
    });
  }

  recordUrl(record: CdrRecord, ttlSeconds = LIST_RECORD_URL_TTL_SECONDS): string {
    return record.recordId ? this.recordings.url(record.recordId, ttlSeconds) : '';
  }

  /** DescribeTelCdr's `TelCdrInfo`. */
  telCdrInfo(r: CdrRecord): Record<string, unknown> {
    const recordUrl = this.recordUrl(r);
    const seat = this.seatUser(r.seatUserId);
    const group = this.group(r.skillGroupId);
    const queued = r.direction === 'inbound';
    return {
      SessionId: r.sessionId,
      ...this.numbers(r),
      Time: seconds(r.startedAt),
      Direction: r.direction === 'outbound' ? 1 : 0,
      CallType: r.direction === 'outbound' ? 1 : 2,
      Duration: this.duration(r),
      RecordURL: recordUrl,
      RecordId: r.recordId ?? '',
      SeatUser: {
        Name: seat.name,
        Mail: seat.userId,
        StaffNumber: seat.staffNumber ?? '',
        Phone: seat.phone ? withCountryPrefix(seat.phone) : '',
        Nick: seat.name,
        UserId: seat.userId,
        SkillGroupNameList: skillGroupNames(this.config, seat.userId),
        Role: seat.userId === '' ? 0 : seat.role === 'supervisor' ? 1 : 3,
      },
      EndStatus: r.endStatus,
      EndStatusString: endStatusString(r.endStatus),
      SkillGroup: group.name,
      SkillGroupId: group.id,
      CallerLocation: '',
      IVRDuration: 0,
      StartTimestamp: seconds(r.startedAt),
      RingTimestamp: seconds(this.ringAt(r)),
      AcceptTimestamp: seconds(r.acceptedAt),
      EndedTimestamp: seconds(r.endedAt),
      QueuedTimestamp: queued ? seconds(r.queuedAt) : 0,
      QueuedSkillGroupId: queued ? group.id : 0,
      QueuedSkillGroupName: queued ? group.name : '',
      IVRKeyPressed: [],
      IVRKeyPressedEx: [],
      PostIVRKeyPressed: [],
      PostIVRKeyPressedEx: [],
      HungUpSide: r.hungUpSide,
      ServeParticipants: this.participants(r),
      UUI: r.uui,
      Uui: r.uui,
      AsrUrl: '',
      AsrStatus: 'NotExists',
      CustomRecordURL: '',
      Remark: r.remark,
      VoicemailRecordURL: [],
      VoicemailAsrURL: [],
    };
  }

  /** The data push's phone CDR body (`?action=cdr&version=1`). */
  pushCdr(r: CdrRecord): Record<string, unknown> {
    const seat = this.seatUser(r.seatUserId);
    const group = this.group(r.skillGroupId);
    const queued = r.direction === 'inbound';
    const masked = isMasked(r);
    return {
      SdkAppId: this.config.sdkAppId,
      SessionId: r.sessionId,
      Direction: r.direction === 'outbound' ? 1 : 0,
      StartTimestamp: seconds(r.startedAt),
      RingTimestamp: seconds(this.ringAt(r)),
      AcceptTimestamp: seconds(r.acceptedAt),
      EndedTimestamp: seconds(r.endedAt),
      QueuedTimestamp: queued ? seconds(r.queuedAt) : 0,
      QueuedSkillGroupId: queued ? group.id : 0,
      QueuedSkillGroupName: queued ? group.name : '',
      Duration: this.duration(r),
      IVRDuration: 0,
      EndStatusString: endStatusString(r.endStatus),
      HungUpSide: r.hungUpSide,
      ...this.numbers(r),
      CallerLocation: '',
      IVRKeyPressed: [],
      IVRKeyPressedEx: [],
      PostIVRKeyPressed: [],
      SeatUser: {
        Mail: seat.userId,
        Name: seat.name,
        Nick: seat.name,
        Phone: seat.phone ? withCountryPrefix(seat.phone) : '',
        UserId: seat.userId,
        StaffNumber: seat.staffNumber ?? '',
        SkillGroupNameList: skillGroupNames(this.config, seat.userId),
      },
      ServeParticipants: this.participants(r),
      UserRemark: r.remark,
      TelLocation: {
        TelNumber: masked ? '' : withCountryPrefix(customerOf(r)),
        Country: masked ? '' : '中国',
        Province: '',
        City: '',
        Operator: '',
      },
      Uui: r.uui,
      RecordId: r.recordId ?? '',
    };
  }

  /**
   * The recording pushes (`?action=record&version=1`): one per participant, same SessionId — the customer's
   * side, then each seat that took the call, as TCCC records each party on its own.
   */
  pushRecords(r: CdrRecord): Record<string, unknown>[] {
    if (!r.recordId) return [];
    const recordId = r.recordId;
    const customer = { endpointUser: this.customerShown(r), recordId: customerRecordId(recordId) };
    const seats = r.participants
      .filter((p) => p.acceptedAt !== undefined)
      .map((p) => ({ endpointUser: p.seatUserId, recordId: seatRecordId(recordId, p.sequence) }));
    return [customer, ...seats].map((side) => ({
      SdkAppId: this.config.sdkAppId,
      RecordId: side.recordId,
      SessionId: r.sessionId,
      Timestamp: seconds(r.endedAt),
      EndpointUser: side.endpointUser,
      RecordURL: this.recordings.url(side.recordId, LIST_RECORD_URL_TTL_SECONDS),
      CustomRecordURL: '',
    }));
  }

  /** The session of a recording id (`R…`, `R…U`, `R…S<n>`), if its call is known. */
  byRecordId(recordId: string): CdrRecord | undefined {
    const hex = /^R([0-9a-f]{32})(?:U|S\d+)?$/.exec(recordId)?.[1];
    if (!hex) return undefined;
    // The id is the SessionId (a UUID) without its dashes.
    const sessionId = [0, 8, 12, 16, 20].map((at, i, all) => hex.slice(at, all[i + 1] ?? 32)).join('-');
    return this.records.get(sessionId);
  }

  reset(): void {
    this.records.clear();
    this.sorted = undefined;
  }

  /** The customer as the agent side may see them: the user ID when masked, else the number. */
  customerShown(r: CdrRecord): string {
    const id = r.direction === 'outbound' ? r.protectedCallee : r.protectedCaller;
    return id ?? withCountryPrefix(customerOf(r));
  }

  /** `Caller`/`Callee`, emptied for the masked side, and `ProtectedCaller`/`ProtectedCallee`. */
  private numbers(r: CdrRecord): Record<string, string> {
    return {
      Caller: r.protectedCaller !== undefined ? '' : withCountryPrefix(r.caller),
      Callee: r.protectedCallee !== undefined ? '' : withCountryPrefix(r.callee),
      ProtectedCaller: r.protectedCaller ?? '',
      ProtectedCallee: r.protectedCallee ?? '',
    };
  }

  private shownNumbers(r: CdrRecord): string[] {
    const shown = [r.protectedCaller ?? r.caller, r.protectedCallee ?? r.callee];
    return shown.map((n) => (/^[+\d]/.test(n) ? nationalNumber(n) : n));
  }

  /** When a seat first rang (inbound) or the callee was dialled (outbound). */
  private ringAt(r: CdrRecord): number | undefined {
    return r.direction === 'outbound' ? r.startedAt : r.participants[0]?.offeredAt;
  }

  private duration(r: CdrRecord): number {
    return r.acceptedAt === undefined ? 0 : Math.max(0, Math.round((r.endedAt - r.acceptedAt) / 1000));
  }

  private group(id: number | undefined): { id: number; name: string } {
    const g = id === undefined ? undefined : findSkillGroup(this.config, id);
    return { id: g?.skillGroupId ?? 0, name: g?.name ?? '' };
  }

  private seatUser(userId: string): SeatConfig {
    return (
      this.config.seats.find((s) => s.userId === userId) ?? { userId, name: userId, role: 'agent' as const }
    );
  }

  /** `ServeParticipants`: every seat that was rung or took part, in order, with the transfers between them. */
  private participants(r: CdrRecord): Record<string, unknown>[] {
    return r.participants.map((p) => {
      const seat = this.seatUser(p.seatUserId);
      const group = this.group(p.skillGroupId);
      const recordId = r.recordId && p.acceptedAt !== undefined ? seatRecordId(r.recordId, p.sequence) : '';
      // An outbound call's first seat is connected once the callee answers.
      const acceptedAt = p.sequence === 0 && r.direction === 'outbound' ? r.acceptedAt : p.acceptedAt;
      return {
        Mail: p.seatUserId,
        Phone: seat.phone ? withCountryPrefix(seat.phone) : '',
        StartTimestamp: seconds(p.offeredAt),
        RingTimestamp: seconds(p.offeredAt),
        AcceptTimestamp: seconds(acceptedAt),
        EndedTimestamp: seconds(p.endedAt ?? r.endedAt),
        RecordId: recordId,
        RecordURL: recordId ? this.recordings.url(recordId, LIST_RECORD_URL_TTL_SECONDS) : '',
        CustomRecordURL: '',
        Type: 'staffSeat',
        TransferFrom: p.transferFrom ?? '',
        TransferFromType: p.transferFrom ? 'staffSeat' : '',
        TransferTo: p.transferTo ?? '',
        TransferToType: p.transferTo ? 'staffSeat' : '',
        Sequence: p.sequence,
        EndStatusString: p.endStatusString ?? endStatusString(r.endStatus),
        SkillGroupId: group.id,
        SkillGroupName: group.name,
      };
    });
  }
}

const customerOf = (r: CdrRecord): string => (r.direction === 'outbound' ? r.callee : r.caller);

/** Number protection applied to the call (the customer's side carries a user ID). */
export const isMasked = (r: CdrRecord): boolean =>
  (r.direction === 'outbound' ? r.protectedCallee : r.protectedCaller) !== undefined;
