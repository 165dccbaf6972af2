import { describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import { createHashQueue } from './hash-queue.js';

/** A password check that finishes when the test says so. */
function check() {
  let finish = () => {};
  let started = false;
  const task = () =>
    new Promise<void>((resolve) => {
      started = true;
      finish = resolve;
    });
  return { task, started: () => started, finish: () => finish() };
}

describe('the password-check queue', () => {
  it('keeps one of two slots for known clients: a flood holds one, the real user starts at once', async () => {
    const q = createHashQueue({ concurrency: 2, maxQueued: 2 });
    const flood = [check(), check(), check()];
    const runs = flood.map((c) => q.run(c.task, false));
    await Promise.resolve();
    expect(flood.map((c) => c.started())).toEqual([true, false, false]);
    // The flood's waiting room is full: the next guess is refused before any work, the real user is not.
    expect(q.admits(false)).toBe(false);
    expect(q.admits(true)).toBe(true);
    await expect(q.run(async () => undefined, false)).rejects.toSatisfy(
      (e) => isServerError(e) && e.code === 'SIGN_IN_BUSY',
    );
    const real = check();
    const realRun = q.run(real.task, true);
    await Promise.resolve();
    expect(real.started()).toBe(true);
    real.finish();
    await realRun;
    // The real user's slot does not go to the flood: its next check waits for the one running.
    expect(flood[1]?.started()).toBe(false);
    flood[0]?.finish();
    await runs[0];
    await Promise.resolve();
    expect(flood[1]?.started()).toBe(true);
    flood[1]?.finish();
    await runs[1];
    await Promise.resolve();
    flood[2]?.finish();
    await runs[2];
  });

  it('with one slot, a known client goes ahead of every waiting guess', async () => {
    const q = createHashQueue({ concurrency: 1, maxQueued: 4 });
    const order: string[] = [];
    const first = check();
    const running = q.run(first.task, false);
    const guess = q.run(async () => void order.push('guess'), false);
    const real = q.run(async () => void order.push('real'), true);
    first.finish();
    await Promise.all([running, guess, real]);
    expect(order).toEqual(['real', 'guess']);
  });

  it('asks a refused client back after the time the checks ahead of it take, at least a second', async () => {
    const q = createHashQueue({ concurrency: 1, maxQueued: 40 });
    expect(q.retryAfterSeconds(false)).toBe(1);
    const held = Array.from({ length: 41 }, () => check());
    const runs = held.map((c) => q.run(c.task, false));
    // 40 waiting and itself, at about 100 ms each on one slot: 4.1 s, asked as 5.
    expect(q.retryAfterSeconds(false)).toBe(5);
    for (const c of held) {
      c.finish();
      await Promise.resolve();
      await Promise.resolve();
    }
    await Promise.all(runs);
    expect(q.retryAfterSeconds(false)).toBe(1);
  });
});
