import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSoftphone } from './use-softphone.js';

describe('softphone settled()', () => {
  afterEach(() => {
    vi.useRealTimers();
    useSoftphone().status.value = 'idle';
  });

  it('resolves when the softphone turns ready or failed, and at once when it already has', async () => {
    const phone = useSoftphone();
    phone.status.value = 'loading';
    let done = false;
    const waiting = phone.settled(60_000).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    phone.status.value = 'ready';
    await waiting;
    phone.status.value = 'failed';
    await phone.settled(60_000);
  });

  it('resolves after maxMs when the softphone is still loading', async () => {
    vi.useFakeTimers();
    const phone = useSoftphone();
    phone.status.value = 'loading';
    let done = false;
    void phone.settled(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
