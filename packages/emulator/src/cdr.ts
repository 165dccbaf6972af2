// Call detail records: one per ended call (or seeded history), shaped as DescribeTelCdr's TelCdrInfo and
// as the data push's phone CDR (reference §3.1, §3.6).
import { randomUUID } from 'node:crypto';
import type { CallOperation, EmulatorCall, HungUpSide } from './calls.js';
import type { EmulatorConfig, SeatConfig } from './config.js';
import { endStatusString } from './end-status.js';
import { nationalNumber, withCountryPrefix } from './numbers.js';
import type { Recordings } from './recordings.js';

export interface CdrRecord {
  sessionId: string;
  seatUserId: string;
  direction: 'outbound' | 'inbound';
  caller: string;
  callee: string;
  startedAt: number;
  acceptedAt?: number;
  endedAt: number;
  endStatus: number;
  hungUpSide: HungUpSide;
  uui: string;
  remark: string;
  recordId?: string;
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
}

/** CDR list links live as long as the recording storage (3 months). */
const LIST_RECORD_URL_TTL_SECONDS = 90 * 86400;
const SEED_OUTCOMES = [1, 1, 206, 202, 204, 1, 205, 203];
const seconds = (ms: number | undefined): number => (ms === undefined ? 0 : Math.floor(ms / 1000));

export class CdrStore {
  private records = new Map<string, CdrRecord>();

  constructor(
    private readonly config: EmulatorConfig,
    private readonly now: () => number,
    private readonly recordings: Recordings,
  ) {}

  addCall(call: EmulatorCall): CdrRecord {
    const record: CdrRecord = {
      sessionId: call.sessionId,
      seatUserId: call.seatUserId,
      direction: call.direction,
      caller: call.caller,
      callee: call.callee,
      startedAt: call.startedAt,
      endedAt: call.endedAt ?? this.now(),
      endStatus: call.endStatus ?? 0,
      hungUpSide: call.hungUpSide ?? 'system',
      uui: call.uui ?? '',
      remark: call.phoneDesc ?? '',
      operations: [...call.operations],
    };
    if (call.acceptedAt !== undefined) {
      record.acceptedAt = call.acceptedAt;
      record.recordId = `R${call.sessionId.replaceAll('-', '')}`;
    }
    this.records.set(record.sessionId, record);
    return record;
  }

  /** Historical CDRs spread evenly over a window, with a deterministic mix of outcomes. */
  seed(options: SeedOptions): CdrRecord[] {
    const nowS = Math.floor(this.now() / 1000);
    const start = options.startTimestamp ?? nowS - 86400;
    const end = options.endTimestamp ?? nowS - 60;
    const seat = options.seatUserId ?? this.config.seats[0]?.userId ?? '';
    const out: CdrRecord[] = [];
    for (let i = 0; i < options.count; i++) {
      const startedAt = (start + Math.floor((i * (end - start)) / Math.max(options.count, 1))) * 1000;
      const endStatus = SEED_OUTCOMES[i % SEED_OUTCOMES.length] ?? 1;
      const answered = endStatus === 1;
      const sessionId = randomUUID();
      const record: CdrRecord = {
        sessionId,
        seatUserId: seat,
        direction: 'outbound',
        caller: nationalNumber(this.config.numbers[0] ?? ''),
        callee: `139${String(i).padStart(8, '0')}`,
        startedAt,
        endedAt: startedAt + (answered ? 45_000 : 20_000),
        endStatus,
        hungUpSide: answered ? (i % 2 ? 'user' : 'seat') : 'system',
        uui: `seed-${i}`,
        remark: '',
        operations: [],
      };
      if (answered) {
        record.acceptedAt = startedAt + 5000;
        record.recordId = `R${sessionId.replaceAll('-', '')}`;
      }
      this.records.set(sessionId, record);
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
    return [...this.records.values()]
      .filter((r) => {
        const t = seconds(r.startedAt);
        if (t < q.startTimestamp || t > q.endTimestamp) return false;
        if (phones && !phones.includes(r.callee) && !phones.includes(r.caller)) return false;
        return !q.sessionIds || q.sessionIds.includes(r.sessionId);
      })
      .sort((a, b) => a.startedAt - b.startedAt || a.sessionId.localeCompare(b.sessionId));
  }

  recordUrl(record: CdrRecord, ttlSeconds = LIST_RECORD_URL_TTL_SECONDS): string {
    return record.recordId ? this.recordings.url(record.recordId, ttlSeconds) : '';
  }

  /** DescribeTelCdr's `TelCdrInfo`. */
  telCdrInfo(r: CdrRecord): Record<string, unknown> {
    const recordUrl = this.recordUrl(r);
    const seat = this.seatUser(r.seatUserId);
    return {
      SessionId: r.sessionId,
      Caller: withCountryPrefix(r.caller),
      Callee: withCountryPrefix(r.callee),
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
        Phone: seat.phone ?? '',
        Nick: seat.name,
        UserId: seat.userId,
        SkillGroupNameList: [],
        Role: seat.role === 'supervisor' ? 1 : 3,
      },
      EndStatus: r.endStatus,
      EndStatusString: endStatusString(r.endStatus),
      SkillGroup: '',
      SkillGroupId: 0,
      CallerLocation: '',
      IVRDuration: 0,
      StartTimestamp: seconds(r.startedAt),
      RingTimestamp: seconds(r.startedAt),
      AcceptTimestamp: seconds(r.acceptedAt),
      EndedTimestamp: seconds(r.endedAt),
      QueuedTimestamp: 0,
      QueuedSkillGroupId: 0,
      QueuedSkillGroupName: '',
      IVRKeyPressedEx: [],
      PostIVRKeyPressedEx: [],
      HungUpSide: r.hungUpSide,
      ServeParticipants: [this.participant(r, recordUrl)],
      ProtectedCaller: '',
      ProtectedCallee: '',
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
    const customer = r.direction === 'outbound' ? r.callee : r.caller;
    return {
      SdkAppId: this.config.sdkAppId,
      SessionId: r.sessionId,
      Direction: r.direction === 'outbound' ? 1 : 0,
      StartTimestamp: seconds(r.startedAt),
      RingTimestamp: seconds(r.startedAt),
      AcceptTimestamp: seconds(r.acceptedAt),
      EndedTimestamp: seconds(r.endedAt),
      QueuedTimestamp: 0,
      QueuedSkillGroupId: 0,
      QueuedSkillGroupName: '',
      Duration: this.duration(r),
      IVRDuration: 0,
      EndStatusString: endStatusString(r.endStatus),
      HungUpSide: r.hungUpSide,
      Caller: withCountryPrefix(r.caller),
      Callee: withCountryPrefix(r.callee),
      CallerLocation: '',
      IVRKeyPressed: [],
      IVRKeyPressedEx: [],
      PostIVRKeyPressed: [],
      SeatUser: {
        Mail: seat.userId,
        Name: seat.name,
        Nick: seat.name,
        Phone: seat.phone ?? '',
        UserId: seat.userId,
        StaffNumber: seat.staffNumber ?? '',
        SkillGroupNameList: [],
      },
      ServeParticipants: [this.participant(r, this.recordUrl(r))],
      UserRemark: r.remark,
      TelLocation: {
        TelNumber: withCountryPrefix(customer),
        Country: '中国',
        Province: '',
        City: '',
        Operator: '',
      },
      Uui: r.uui,
      RecordId: r.recordId ?? '',
    };
  }

  /** The recording pushes (`?action=record&version=1`): one per participant, same SessionId. */
  pushRecords(r: CdrRecord): Record<string, unknown>[] {
    if (!r.recordId) return [];
    const customer = withCountryPrefix(r.direction === 'outbound' ? r.callee : r.caller);
    return [customer, r.seatUserId].map((endpointUser, i) => ({
      SdkAppId: this.config.sdkAppId,
      RecordId: i === 0 ? r.recordId : `${r.recordId}S`,
      SessionId: r.sessionId,
      Timestamp: seconds(r.endedAt),
      EndpointUser: endpointUser,
      RecordURL: this.recordUrl(r),
      CustomRecordURL: '',
    }));
  }

  reset(): void {
    this.records.clear();
  }

  private duration(r: CdrRecord): number {
    return r.acceptedAt === undefined ? 0 : Math.max(0, Math.round((r.endedAt - r.acceptedAt) / 1000));
  }

  private seatUser(userId: string): SeatConfig {
    return (
      this.config.seats.find((s) => s.userId === userId) ?? { userId, name: userId, role: 'agent' as const }
    );
  }

  private participant(r: CdrRecord, recordUrl: string): Record<string, unknown> {
    return {
      Mail: r.seatUserId,
      Phone: '',
      StartTimestamp: seconds(r.startedAt),
      RingTimestamp: seconds(r.startedAt),
      AcceptTimestamp: seconds(r.acceptedAt),
      EndedTimestamp: seconds(r.endedAt),
      RecordId: r.recordId ?? '',
      RecordURL: recordUrl,
      CustomRecordURL: '',
      Type: 'staffSeat',
      Sequence: 0,
      EndStatusString: endStatusString(r.endStatus),
      SkillGroupId: 0,
      SkillGroupName: '',
    };
  }
}
