import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallbackEntry } from '../api/index.js';
import { createCallbackReminders, dueCallbacks, reminderAheadMs } from './callback-reminders.js';

const t0 = Date.parse('2026-03-01T10:00:00Z');
const callback = (id: string, inMs: number): CallbackEntry => ({
  id,
  campaignId: 'c1',
  campaignName: '春季回访',
  row: 2,
  phone: '138****8000',
  name: '钱七',
  fields: {},
  status: 'pending',
  closeReason: null,
  attempts: 1,
  lastOutcome: 'answered',
  lastDisposition: 'callbackRequested',
  nextAttemptAt: new Date(t0 + inMs).toISOString(),
  callbackAt: new Date(t0 + inMs).toISOString(),
  owner: 'agent',
  claimedBy: null,
});

/** A page whose visibility the test switches, as the browser would. */
function page() {
  const target = new EventTarget();
  const doc = Object.assign(target, { visibilityState: 'visible' as DocumentVisibilityState });
  const show = (state: DocumentVisibilityState) => {
    doc.visibilityState = state;
    target.dispatchEvent(new Event('visibilitychange'));
  };
  return { doc, show };
}

describe('dueCallbacks', () => {
  it('keeps callbacks due within the reminder window, including overdue ones', () => {
    const items = [
      callback('late', -60_000),
      callback('soon', reminderAheadMs),
      callback('later', reminderAheadMs + 1),
    ];
    expect(dueCallbacks(items, t0).map((c) => c.id)).toEqual(['late', 'soon']);
  });
});

describe('createCallbackReminders', () => {
  beforeEach(() => vi.useFakeTimers({ now: t0 }));
  afterEach(() => vi.useRealTimers());

  it('asks at start and every interval, and not at all while the tab is hidden', async () => {
    const { doc, show } = page();
    const fetchCallbacks = vi.fn(async () => ({ items: [callback('a', 60_000)] }));
    const reminders = createCallbackReminders({ fetchCallbacks, intervalMs: 1000, document: doc });
    expect(fetchCallbacks).not.toHaveBeenCalled();
    reminders.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(reminders.due.value.map((c) => c.id)).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchCallbacks).toHaveBeenCalledTimes(3);

    show('hidden');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetchCallbacks).toHaveBeenCalledTimes(3);
    // Back on the tab: it catches up at once.
    show('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchCallbacks).toHaveBeenCalledTimes(4);
    reminders.stop();
  });

  it('forgets the callbacks and stops asking when stopped (signed out)', async () => {
    const { doc } = page();
    const fetchCallbacks = vi.fn(async () => ({ items: [callback('a', 0)] }));
    const reminders = createCallbackReminders({ fetchCallbacks, intervalMs: 1000, document: doc });
    reminders.start();
    await vi.advanceTimersByTimeAsync(0);
    reminders.stop();
    expect(reminders.due.value).toEqual([]);
    await reminders.refresh();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetchCallbacks).toHaveBeenCalledTimes(1);
  });

  it('drops a callback once the server no longer lists it (taken), and survives a failed poll', async () => {
    const { doc } = page();
    const answers: (() => Promise<{ items: CallbackEntry[] }>)[] = [
      async () => ({ items: [callback('a', 0)] }),
      async () => Promise.reject(new Error('offline')),
      async () => ({ items: [] }),
    ];
    const fetchCallbacks = vi.fn(() => (answers.shift() ?? (async () => ({ items: [] })))());
    const reminders = createCallbackReminders({ fetchCallbacks, intervalMs: 1000, document: doc });
    reminders.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(reminders.due.value).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reminders.due.value).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reminders.due.value).toEqual([]);
    reminders.stop();
  });
});
