// 20 requests per second per action per account (reference §2.1, §3): a sliding one-second window, so
// no 1,000 ms span ever holds more accepted requests than the limit.

export class RateLimiter {
  private windows = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {}

  /** Records the request and says whether it is within the limit; refused requests do not count. */
  allow(account: string, action: string): boolean {
    const key = `${account}\u0000${action}`;
    const now = this.now();
    const recent = (this.windows.get(key) ?? []).filter((t) => now - t < 1000);
    const allowed = recent.length < this.perSecond;
    if (allowed) recent.push(now);
    this.windows.set(key, recent);
    return allowed;
  }

  reset(): void {
    this.windows.clear();
  }
}
