// Agent status (坐席状态) per seat, kept as a timeline so the supervisor's metrics can tell how long each
// seat spent in each status today, the way DescribeStaffStatusMetrics reports it.

export const AGENT_STATUSES = ['free', 'busy', 'arrange', 'notReady', 'rest', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

interface Span {
  status: AgentStatus;
  /** The rest reason (小休原因), for `rest`. */
  reason: string;
  from: number;
}

const DAY_MS = 86_400_000;
/** China Standard Time, UTC+8: TCCC's "today" (当天). */
const CST_OFFSET_MS = 8 * 3_600_000;

/** Midnight in China of the day `at` falls on. */
export const chinaDayStart = (at: number): number =>
  Math.floor((at + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS;

export class SeatStatuses {
  private timelines = new Map<string, Span[]>();
  private onlineSince = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** A seat that never logged in is `offline`. */
  status(seatUserId: string): AgentStatus {
    return this.last(seatUserId)?.status ?? 'offline';
  }

  reason(seatUserId: string): string {
    return this.last(seatUserId)?.reason ?? '';
  }

  known(seatUserId: string): boolean {
    return this.timelines.has(seatUserId);
  }

  /** Records the status; true when the status itself changed (a new rest reason alone is not a change). */
  set(seatUserId: string, status: AgentStatus, reason = ''): boolean {
    const last = this.last(seatUserId);
    const kept = status === 'rest' ? reason : '';
    if (last?.status === status) {
      last.reason = kept;
      return false;
    }
    const now = this.now();
    const spans = this.timelines.get(seatUserId) ?? [];
    // Spans that ended before today count no more: drop them, keeping the timeline short.
    const today = chinaDayStart(now);
    while (spans.length > 1 && (spans[1]?.from ?? now) <= today) spans.shift();
    spans.push({ status, reason: kept, from: now });
    this.timelines.set(seatUserId, spans);
    if ((last?.status ?? 'offline') === 'offline' && status !== 'offline')
      this.onlineSince.set(seatUserId, now);
    return true;
  }

  /** When the current status began. */
  since(seatUserId: string): number | undefined {
    return this.last(seatUserId)?.from;
  }

  /** When the seat last came online (left `offline`). */
  lastOnline(seatUserId: string): number | undefined {
    return this.onlineSince.get(seatUserId);
  }

  /** Milliseconds in each status since midnight (China time) up to now. */
  today(seatUserId: string): Record<AgentStatus, number> {
    const now = this.now();
    const start = chinaDayStart(now);
    const out: Record<AgentStatus, number> = {
      free: 0,
      busy: 0,
      arrange: 0,
      notReady: 0,
      rest: 0,
      offline: 0,
    };
    const spans = this.timelines.get(seatUserId) ?? [];
    spans.forEach((span, i) => {
      const to = spans[i + 1]?.from ?? now;
      const from = Math.max(span.from, start);
      if (to > from) out[span.status] += to - from;
    });
    return out;
  }

  reset(): void {
    this.timelines.clear();
    this.onlineSince.clear();
  }

  private last(seatUserId: string): Span | undefined {
    return this.timelines.get(seatUserId)?.at(-1);
  }
}
