import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocalPacer, type Pacer } from './pacer.js';

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

/** `count` callers asking at once, each done as soon as it may send: when each was let go. */
async function releaseBurst(pacer: Pacer, count: number): Promise<number[]> {
  const released: number[] = [];
  const all = Array.from({ length: count }, () =>
    pacer.acquire(60_000).then((done) => {
      released.push(Date.now());
      done();
    }),
  );
  await vi.advanceTimersByTimeAsync(10_000);
  await Promise.all(all);
  return released;
}

describe('local pacer', () => {
  it('releases a burst as fast as the quota allows: up to the rate at once, never more in any 1-s window', async () => {
    const released = await releaseBurst(createLocalPacer({ ratePerSecond: 20 }), 100);
    expect(released).toHaveLength(100);
    expect(maxInWindow(released)).toBeLessThanOrEqual(20);
    // The first 20 wait for nothing: spacing them out would be wait the quota does not force.
    expect(released.filter((t) => t === released[0])).toHaveLength(20);
    // Then 20 more each second: the 100th goes just after 4 s, as a one-second window allows.
    const span = (released.at(-1) as number) - (released[0] as number);
    expect(span).toBeGreaterThanOrEqual(4000);
    expect(span).toBeLessThan(4100);
  });

  it('with a shallow bucket, spaces a burst out on its grid instead', async () => {
    const released = await releaseBurst(createLocalPacer({ ratePerSecond: 20, catchUpMs: 100 }), 100);
    expect(maxInWindow(released)).toBeLessThanOrEqual(20);
    // 100 sends at 20/s take about 5 s (less the bucket's two-slot head start).
    const span = (released.at(-1) as number) - (released[0] as number);
    expect(span).toBeGreaterThan(4800);
    expect(span).toBeLessThan(5100);
  });

  it('a stalled event loop releases late waiters later, never bunched into one window', async () => {
    const pacer = createLocalPacer({ ratePerSecond: 10 });
    const released: number[] = [];
    const all = Array.from({ length: 40 }, () =>
      pacer.acquire(60_000).then((done) => {
        released.push(Date.now());
        done();
      }),
    );
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
    // A few went at once (the bucket's depth); the ~27 left wait 100 ms each: come back in 3 s.
    await expect(pacer.acquire(1000)).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      retryAfterSeconds: 3,
    });
    pacer.close();
    await Promise.allSettled(queued);
  });

  it('counts a call from its send until a second after it finished, so slow answers slow the pace', async () => {
    const pacer = createLocalPacer({ ratePerSecond: 10 });
    const calls: Array<{ sent: number; finished: number }> = [];
    const all = Array.from({ length: 30 }, () =>
      pacer.acquire(60_000).then(async (done) => {
        const call = { sent: Date.now(), finished: Number.POSITIVE_INFINITY };
        calls.push(call);
        await new Promise((r) => setTimeout(r, 400));
        call.finished = Date.now();
        done();
      }),
    );
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all(all);
    // The far end may see each call anywhere between its send and its finish: at each send, fewer than
    // 10 other calls may still be visible within one second.
    for (const c of calls) {
      const visible = calls.filter((o) => o !== c && o.sent <= c.sent && o.finished > c.sent - 1000);
      expect(visible.length).toBeLessThan(10);
    }
    // Three bursts of 10, each sent a second after the one before finished (2 × 1.4 s); without the
    // rule the bucket alone would send the last of 30 at 10/s within 2 s.
    expect((calls.at(-1)?.sent ?? 0) - (calls[0]?.sent ?? 0)).toBeGreaterThanOrEqual(2800);
  });
});
