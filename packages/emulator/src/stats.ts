// Request counts per action, so other test suites can prove how their code paces the upstream API.

export interface ActionStats {
  /** Every request that named this action, accepted or not. */
  requests: number;
  rateLimited: number;
  /** The most requests that arrived within any 1,000 ms span. */
  maxPerSecond: number;
  /** Requests per wall-clock second: `{ "<unix second>": count }` (the last 10 minutes). */
  perSecond: Record<string, number>;
}

export interface EmulatorStats {
  /** Requests per action (all outcomes). */
  requests: Record<string, number>;
  rateLimited: number;
  /** The most requests (all actions) within any 1,000 ms span. */
  maxPerSecond: number;
  actions: Record<string, ActionStats>;
}

const KEEP_SECONDS = 600;

interface Tally {
  requests: number;
  rateLimited: number;
  maxPerSecond: number;
  recent: number[];
  buckets: Map<number, number>;
}

const newTally = (): Tally => ({
  requests: 0,
  rateLimited: 0,
  maxPerSecond: 0,
  recent: [],
  buckets: new Map(),
});

export class RequestStats {
  private all = newTally();
  private byAction = new Map<string, Tally>();

  constructor(private readonly now: () => number) {}

  record(action: string): void {
    const now = this.now();
    let tally = this.byAction.get(action);
    if (!tally) {
      tally = newTally();
      this.byAction.set(action, tally);
    }
    for (const t of [this.all, tally]) {
      t.requests++;
      t.recent = t.recent.filter((x) => now - x < 1000);
      t.recent.push(now);
      t.maxPerSecond = Math.max(t.maxPerSecond, t.recent.length);
      const second = Math.floor(now / 1000);
      t.buckets.set(second, (t.buckets.get(second) ?? 0) + 1);
      for (const s of t.buckets.keys()) if (s < second - KEEP_SECONDS) t.buckets.delete(s);
    }
  }

  rateLimited(action: string): void {
    this.all.rateLimited++;
    const tally = this.byAction.get(action);
    if (tally) tally.rateLimited++;
  }

  snapshot(): EmulatorStats {
    const actions: Record<string, ActionStats> = {};
    const requests: Record<string, number> = {};
    for (const [action, t] of this.byAction) {
      requests[action] = t.requests;
      actions[action] = {
        requests: t.requests,
        rateLimited: t.rateLimited,
        maxPerSecond: t.maxPerSecond,
        perSecond: Object.fromEntries([...t.buckets].map(([s, n]) => [String(s), n])),
      };
    }
    return { requests, rateLimited: this.all.rateLimited, maxPerSecond: this.all.maxPerSecond, actions };
  }

  reset(): void {
    this.all = newTally();
    this.byAction.clear();
  }
}
