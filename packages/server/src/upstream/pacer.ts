import { ServerError } from '../errors.js';

/** Call once the upstream call has finished: answered, failed or timed out. Idempotent. */
export type PacerDone = () => void;

/**
 * Spaces every upstream call the process (or, with a shared implementation, the fleet) makes, so the
 * cloud API never sees more than its quota in any one-second window. Behind an interface so a
 * Redis-backed pacer can replace the in-memory one when several replicas share one quota.
 */
export interface Pacer {
  /**
   * Resolves when the caller may send one request, with a function to call when that request has
   * finished. Rejects at once with `UPSTREAM_RATE_LIMITED` (and a `Retry-After`) when the wait would
   * exceed `maxWaitMs`, instead of waiting past a deadline.
   */
  acquire(maxWaitMs: number): Promise<PacerDone>;
  /** Rejects every waiter and stops the timer (shutdown). */
  close(): void;
}

/** The token bucket's default depth, in ms of slots: one second of the quota (see `catchUpMs`). */
export const defaultCatchUpMs = 1000;

export interface LocalPacerOptions {
  /** The upstream quota: requests per second (`TCCC_API_QPS`). */
  ratePerSecond: number;
  /** Added to the one-second window for clock granularity between us and the far end (default 5 ms). */
  marginMs?: number;
  /**
   * How far the pacer may catch up after running late or idling, in ms of slots (the bucket's depth):
   * default one second, the whole quota, so a burst of up to `rate` calls goes at once. Catching up
   * cannot break the quota (the window rule holds regardless); a shallower bucket only spaces a
   * burst out (at 20/s, 50 ms per call), which at a shift start is wait the quota does not force.
   */
  catchUpMs?: number;
  now?: () => number;
}

/**
 * Two rules, both must allow a send:
 * - a token bucket refilled every `1000 / rate` ms and `catchUpMs` deep: after a burst, sends follow
 *   an even grid, and the average rate holds when timers fire late;
 * - a window rule: a call counts against the quota from its send until one second after it finished.
 *   The far end sees it somewhere in between, so however the network or our event loop delays or
 *   bunches requests on the way, no one-second window at the far end can hold more than `rate`.
 *   It costs throughput only in proportion to latency (a 20 ms round trip: 2 %).
 */
export function createLocalPacer(options: LocalPacerOptions): Pacer {
  const rate = options.ratePerSecond;
  if (!(rate > 0)) throw new RangeError(`ratePerSecond must be positive, got ${rate}`);
  const windowMs = 1000 + (options.marginMs ?? 5);
  const now = options.now ?? Date.now;
  const interval = 1000 / rate;
  const catchUpMs = options.catchUpMs ?? defaultCatchUpMs;
  /** Finish times of calls still counting, oldest first. */
  const finished: number[] = [];
  let inFlight = 0;
  const waiters: Array<{
    resolve: (done: PacerDone) => void;
    reject: (e: unknown) => void;
    expiry: NodeJS.Timeout;
  }> = [];
  let lastSlot = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;

  /** When the next send may go; `undefined` while only a call finishing can make room. */
  function earliest(t: number): number | undefined {
    while (finished.length > 0 && (finished[0] as number) <= t - windowMs) finished.shift();
    const grid = Math.max(lastSlot + interval, t);
    const excess = inFlight + finished.length - rate + 1;
    if (excess <= 0) return grid;
    if (excess > finished.length) return undefined;
    return Math.max(grid, (finished[excess - 1] as number) + windowMs);
  }

  function release(): void {
    inFlight++;
    let finishedOnce = false;
    const waiter = waiters.shift();
    if (waiter !== undefined) clearTimeout(waiter.expiry);
    waiter?.resolve(() => {
      if (finishedOnce) return;
      finishedOnce = true;
      inFlight--;
      finished.push(now());
      if (timer !== undefined) clearTimeout(timer);
      drain();
    });
  }

  function drain(): void {
    timer = undefined;
    while (waiters.length > 0) {
      const t = now();
      const at = earliest(t);
      if (at === undefined) return;
      if (at > t) {
        timer = setTimeout(drain, at - t);
        return;
      }
      lastSlot = Math.max(lastSlot + interval, t - catchUpMs);
      release();
    }
  }

  return {
    acquire(maxWaitMs) {
      const t = now();
      const at = earliest(t) ?? t + interval;
      const expectedWait = at - t + waiters.length * interval;
      if (expectedWait > maxWaitMs) {
        return Promise.reject(
          new ServerError('UPSTREAM_RATE_LIMITED', {
            retryAfterSeconds: Math.max(1, Math.ceil(expectedWait / 1000)),
          }),
        );
      }
      return new Promise<PacerDone>((resolve, reject) => {
        // Calls finishing late can push the slot past the caller's budget: then it gives up its place
        // rather than send after its deadline.
        const waiter = {
          resolve,
          reject,
          expiry: setTimeout(() => {
            const i = waiters.indexOf(waiter);
            if (i >= 0) waiters.splice(i, 1);
            reject(new ServerError('UPSTREAM_RATE_LIMITED', { retryAfterSeconds: 1 }));
          }, maxWaitMs),
        };
        waiters.push(waiter);
        if (timer === undefined) drain();
      });
    },
    close() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      for (const w of waiters.splice(0)) {
        clearTimeout(w.expiry);
        w.reject(new ServerError('UPSTREAM_UNAVAILABLE'));
      }
    },
  };
}
