import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocalPacer } from './pacer.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

function maxInWindow(times: number[], windowMs = 1000): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    let n = 0;
    for (let j = i; j < times.length && (times[j] as number) - (times[i] as number) < windowMs; j++) n++;
    max = Math.max(max, n);
  }
  return max;
}

describe('local pacer', () => {
  it('releases a burst evenly: never more than the rate in any 1-s window, at close to the rate', async () => {
    const pacer = createLocalPacer({ ratePerSecond: 20 });
    const released: number[] = [];
    const all = Array.from({ length: 100 }, () =>
      pacer.acquire(60_000).then(() => released.push(Date.now())),
    );
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(all);
    expect(released).toHaveLength(100);
    expect(maxInWindow(released)).toBeLessThanOrEqual(20);
    // 100 sends at 20/s take about 5 s (the margin costs 2.5 %).
    const span = (released.at(-1) as number) - (released[0] as number);
    expect(span).toBeGreaterThan(4900);
    expect(span).toBeLessThan(5200);
  });

  it('a stalled event loop releases late waiters later, never bunched into one window', async () => {
    const pacer = createLocalPacer({ ratePerSecond: 10 });
    const released: number[] = [];
    const all = Array.from({ length: 40 }, () => pacer.acquire(60_000).then(() => released.push(Date.now())));
    // Let a few go, then jump the clock as a blocked loop would, then run on.
    await vi.advanceTimersByTimeAsync(350);
    vi.setSystemTime(Date.now() + 700);
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(all);
    expect(maxInWindow(released)).toBeLessThanOrEqual(10);
  });

  it('refuses at once with UPSTREAM_RATE_LIMITED and a Retry-After when the queue exceeds the caller budget', async () => {
    const pacer = createLocalPacer({ ratePerSecond: 10 });
    const queued = Array.from({ length: 30 }, () => pacer.acquire(60_000));
    // A few went at once (the bucket's depth); the ~27 left wait 102.5 ms each: come back in 3 s.
    await expect(pacer.acquire(1000)).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      retryAfterSeconds: 3,
    });
    pacer.close();
    await Promise.allSettled(queued);
  });
});
