import { ServerError } from '../errors.js';

export interface HashQueueOptions {
  /** Password checks running at once (default 2: scrypt runs on the thread pool, beside file and DNS work). */
  concurrency?: number;
  /** Checks that may wait for a slot; one more is refused with SIGN_IN_BUSY (default 32). */
  maxQueued?: number;
}

export interface HashQueue {
  /**
   * Runs one password check when a slot is free. `priority` (a client this user signed in from before)
   * goes ahead of the others and has a waiting room of its own, so a flood of guesses cannot keep the
   * real user waiting. Rejects with SIGN_IN_BUSY (429, Retry-After) when the waiting room is full.
   */
  run<T>(task: () => Promise<T>, priority: boolean): Promise<T>;
  /**
   * Whether `run` would take a check now (a slot or a place in its waiting room): a full queue is
   * answered before any other work is spent on the request.
   */
  admits(priority: boolean): boolean;
  /**
   * When a client refused now should come back: the time the checks waiting in its lane take at the
   * recent pace (at least a second), so that a shift start's sign-ins spread out instead of retrying
   * into a full queue every second.
   */
  retryAfterSeconds(priority: boolean): number;
}

/**
 * Bounds concurrent password hashing per process: a flood costs a refusal, not a stalled thread pool.
 * With two or more slots, one is kept for priority checks: a flood of guesses holds at most the others
 * (leaving a core for the event loop), and a known client's check starts without waiting for one of
 * the flood's to finish.
 */
export function createHashQueue(options: HashQueueOptions = {}): HashQueue {
  const concurrency = options.concurrency ?? 2;
  const maxQueued = options.maxQueued ?? 32;
  const normalSlots = concurrency > 1 ? concurrency - 1 : concurrency;
  const waiting: { priority: Array<() => void>; normal: Array<() => void> } = { priority: [], normal: [] };
  let running = 0;
  // The recent time of one check (scrypt's cost on this machine, under its current load).
  let meanMs = 100;

  const free = (priority: boolean) => running < (priority ? concurrency : normalSlots);

  const retryAfterSeconds = (priority: boolean) => {
    const ahead = (priority ? waiting.priority : waiting.normal).length + 1;
    const slots = priority ? concurrency : normalSlots;
    return Math.min(60, Math.max(1, Math.ceil((ahead * meanMs) / slots / 1000)));
  };

  const next = () => {
    running--;
    const wake = waiting.priority.shift() ?? (free(false) ? waiting.normal.shift() : undefined);
    if (wake !== undefined) {
      running++;
      wake();
    }
  };

  return {
    admits(priority) {
      return free(priority) || (priority ? waiting.priority : waiting.normal).length < maxQueued;
    },
    retryAfterSeconds,
    async run(task, priority) {
      if (!free(priority)) {
        const lane = priority ? waiting.priority : waiting.normal;
        if (lane.length >= maxQueued)
          throw new ServerError('SIGN_IN_BUSY', { retryAfterSeconds: retryAfterSeconds(priority) });
        await new Promise<void>((resolve) => lane.push(resolve));
      } else running++;
      const started = performance.now();
      try {
        return await task();
      } finally {
        meanMs = 0.8 * meanMs + 0.2 * (performance.now() - started);
        next();
      }
    },
  };
}
