import type { Clock } from '../clock.js';

/** A clock whose time moves only when the test says so; timers run in order as it passes them. */
export class FakeClock implements Clock {
  #now = 1_000_000;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #next = 0;

  now(): number {
    return this.#now;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    this.#timers.set(++this.#next, { at: this.#now + ms, fn });
    return this.#next;
  }
  clearTimeout(id: unknown): void {
    this.#timers.delete(id as number);
  }
  /** Moves time on by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#now = due[1].at;
      due[1].fn();
    }
    this.#now = until;
  }
  /** Timers still waiting. */
  get pending(): number {
    return this.#timers.size;
  }
}
