import { ServerError } from '../errors.js';

/**
 * Spaces every upstream call the process (or, with a shared implementation, the fleet) makes, so the
 * cloud API never sees more than its quota in any one-second window. Behind an interface so a
 * Redis-backed pacer can replace the in-memory one when several replicas share one quota.
 */
export interface Pacer {
  /**
   * Resolves when the caller may send one request. Rejects at once with `UPSTREAM_RATE_LIMITED` (and a
   * `Retry-After`) when the queue ahead is longer than `maxWaitMs`, instead of waiting past a deadline.
   */
  acquire(maxWaitMs: number): Promise<void>;
  /** Rejects every waiter and stops the timer (shutdown). */
  close(): void;
}

export interface LocalPacerOptions {
  /** The upstream quota: requests per second (`TCCC_API_QPS`). */
  ratePerSecond: number;
  /**
   * Slack for requests arriving bunched up at the far end (network jitter, our event loop running
   * late). Each window of `1000 + marginMs` holds at most `ratePerSecond` sends, so jitter up to the
   * margin never shows the upstream more than its quota in a one-second window.
   */
  marginMs?: number;
  /**
   * How far the pacer may catch up after running late or idling, in ms of slots (the bucket's depth):
   * default 100 ms, e.g. 10 calls at once at 100/s, 2 at 20/s. The window rule still holds.
   */
  catchUpMs?: number;
  now?: () => number;
}

/**
 * A token bucket refilled every `(1000 + margin) / rate` ms and a few tokens deep (`catchUpMs`): sends
 * follow an even grid instead of bursting. A second rule checks the actual release times (a send is
 * allowed only when the `rate`-th previous one is more than `1000 + margin` ms old), so however late a
 * stalled event loop releases waiters, no window of `1000 + margin` ms ever holds more than `rate`.
 */
export function createLocalPacer(options: LocalPacerOptions): Pacer {
  const rate = options.ratePerSecond;
  if (!(rate > 0)) throw new RangeError(`ratePerSecond must be positive, got ${rate}`);
  const margin = options.marginMs ?? 25;
  const now = options.now ?? Date.now;
  const interval = (1000 + margin) / rate;
  const catchUpMs = options.catchUpMs ?? 2 * interval;
  const released: number[] = [];
  const waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  let lastSlot = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;

  function earliest(t: number): number {
    const grid = lastSlot + interval;
    const oldest = released.length >= rate ? (released[released.length - rate] as number) : undefined;
    return Math.max(grid, oldest === undefined ? t : oldest + 1000 + margin, t);
  }

  function drain(): void {
    timer = undefined;
    while (waiters.length > 0) {
      const t = now();
      const at = earliest(t);
      if (at > t) {
        timer = setTimeout(drain, at - t);
        return;
      }
      // Keep to the grid when running late (timer granularity, a busy event loop) so the average rate
      // holds, but never bank more than `catchUpMs` of unused slots (after idling, a burst is small).
      lastSlot = Math.max(lastSlot + interval, t - catchUpMs);
      released.push(t);
      if (released.length > rate) released.splice(0, released.length - rate);
      waiters.shift()?.resolve();
    }
  }

  return {
    acquire(maxWaitMs) {
      const t = now();
      const expectedWait = Math.max(0, earliest(t) - t) + waiters.length * interval;
      if (expectedWait > maxWaitMs) {
        return Promise.reject(
          new ServerError('UPSTREAM_RATE_LIMITED', {
            retryAfterSeconds: Math.max(1, Math.ceil(expectedWait / 1000)),
          }),
        );
      }
      return new Promise<void>((resolve, reject) => {
        waiters.push({ resolve, reject });
        if (timer === undefined) drain();
      });
    },
    close() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      for (const w of waiters.splice(0)) w.reject(new ServerError('UPSTREAM_UNAVAILABLE'));
    },
  };
}
