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
}

/** Bounds concurrent password hashing per process: a flood costs a refusal, not a stalled thread pool. */
export function createHashQueue(options: HashQueueOptions = {}): HashQueue {
  const concurrency = options.concurrency ?? 2;
  const maxQueued = options.maxQueued ?? 32;
  const waiting: { priority: Array<() => void>; normal: Array<() => void> } = { priority: [], normal: [] };
  let running = 0;

  const next = () => {
    running--;
    const wake = waiting.priority.shift() ?? waiting.normal.shift();
    if (wake !== undefined) {
      running++;
      wake();
    }
  };

  return {
    async run(task, priority) {
      if (running >= concurrency) {
        const lane = priority ? waiting.priority : waiting.normal;
        if (lane.length >= maxQueued) throw new ServerError('SIGN_IN_BUSY', { retryAfterSeconds: 1 });
        await new Promise<void>((resolve) => lane.push(resolve));
      } else running++;
      try {
        return await task();
      } finally {
        next();
      }
    },
  };
}
