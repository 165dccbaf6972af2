import { computed, ref, shallowRef } from 'vue';
import { api, type CallbackEntry } from '../api/index.js';

/** Callbacks coming up within this window are shown until one is taken. */
export const reminderAheadMs = 10 * 60_000;

/** The callbacks due by `now + aheadMs`, soonest first (the server sends them in that order). */
export function dueCallbacks(
  items: readonly CallbackEntry[],
  now: number,
  aheadMs = reminderAheadMs,
): CallbackEntry[] {
  return items.filter((c) => c.callbackAt !== null && Date.parse(c.callbackAt) <= now + aheadMs);
}

/** One reminder per scheduled time: a callback moved to a new time reminds again. */
export const reminderKey = (c: CallbackEntry) => `${c.id}@${c.callbackAt ?? ''}`;

export interface CallbackRemindersOptions {
  fetchCallbacks?: () => Promise<{ items: CallbackEntry[] }>;
  intervalMs?: number;
  now?: () => number;
  document?: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
}

/**
 * The signed-in agent's scheduled callbacks, polled while running and while the tab is visible (a
 * hidden tab catches up the moment it shows again). `refresh()` asks at once, e.g. right after a
 * callback was scheduled or taken, so reminders do not wait for the next poll.
 */
export function createCallbackReminders(options: CallbackRemindersOptions = {}) {
  const fetchCallbacks = options.fetchCallbacks ?? (() => api.get('/api/campaigns/callbacks'));
  const intervalMs = options.intervalMs ?? 30_000;
  const clock = options.now ?? Date.now;
  const doc = options.document ?? globalThis.document;
  const items = shallowRef<CallbackEntry[]>([]);
  const now = ref(clock());
  const due = computed(() => dueCallbacks(items.value, now.value));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let generation = 0;

  const visible = () => doc?.visibilityState !== 'hidden';

  async function refresh() {
    if (!running) return;
    const asked = ++generation;
    try {
      const answer = await fetchCallbacks();
      // A stop, or a newer answer, makes this one stale.
      if (running && asked === generation) items.value = answer.items;
    } catch {
      // A missed poll only delays a reminder; the next one comes soon.
    }
    now.value = clock();
  }

  function schedule() {
    clearTimeout(timer);
    timer = undefined;
    if (!running || !visible()) return;
    timer = setTimeout(async () => {
      await refresh();
      schedule();
    }, intervalMs);
  }

  function onVisibility() {
    if (!running) return;
    if (visible()) void refresh().then(schedule);
    else schedule();
  }

  function start() {
    if (running) return;
    running = true;
    doc?.addEventListener('visibilitychange', onVisibility);
    void refresh().then(schedule);
  }

  function stop() {
    running = false;
    generation++;
    clearTimeout(timer);
    timer = undefined;
    doc?.removeEventListener('visibilitychange', onVisibility);
    items.value = [];
  }

  return { items, due, start, stop, refresh: () => refresh() };
}

export type CallbackReminders = ReturnType<typeof createCallbackReminders>;

/** The workbench's one poller: the shell runs it, the list-working screen nudges it. */
export const callbackReminders = createCallbackReminders();
