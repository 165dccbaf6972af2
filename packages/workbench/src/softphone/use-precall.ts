import { type PrecallReport, runPrecallCheck, watchInputLevel } from '@tccc-dialer/web/precall';
import { computed, ref, shallowRef } from 'vue';
import type { Problem } from './use-softphone.js';

export type PrecallSummary = 'running' | 'pass' | 'warn' | 'fail';

/** The pre-call check (DESIGN.md flow 2), shared by the check screen and the work view's gate. */
function createPrecall() {
  const report = shallowRef<PrecallReport | undefined>();
  const running = ref(false);

  const summary = computed<PrecallSummary>(() => {
    const r = report.value;
    if (running.value || !r) return 'running';
    if (!r.ok) return 'fail';
    return r.checks.some((c) => c.status === 'warn') ? 'warn' : 'pass';
  });
  /** The first failing check, which is what blocks calling. */
  const blocker = computed(() => report.value?.checks.find((c) => c.status === 'fail'));

  // Runs queue behind each other: two checks at once would fight over the microphone.
  let queue: Promise<void> = Promise.resolve();
  /** `levelSampleMs` listens to the microphone that long and warns when it is silent (check screen only). */
  function run(options: { levelSampleMs?: number } = {}): Promise<void> {
    running.value = true;
    queue = queue.then(async () => {
      running.value = true;
      try {
        report.value = await runPrecallCheck(options);
      } finally {
        running.value = false;
      }
    });
    return queue;
  }

  return { report, running, summary, blocker, run };
}

let shared: ReturnType<typeof createPrecall> | undefined;
export function usePrecall() {
  shared ??= createPrecall();
  return shared;
}

/** A live microphone level (0–1) while `start()`ed; stops on `stop()`. */
export function useInputLevel() {
  const level = ref(0);
  const error = shallowRef<Problem | undefined>();
  const active = ref(false);
  let controller: AbortController | undefined;

  async function start() {
    stop();
    error.value = undefined;
    controller = new AbortController();
    try {
      await watchInputLevel((l) => (level.value = l), { signal: controller.signal, intervalMs: 80 });
      active.value = true;
    } catch (e) {
      const err = e as { code?: string; messages?: Problem['message']; remedies?: Problem['remedy'] };
      error.value = {
        code: err.code ?? 'UNKNOWN',
        message: err.messages ?? { 'zh-CN': String(e), 'en-US': String(e) },
        remedy: err.remedies ?? { 'zh-CN': '', 'en-US': '' },
      };
    }
  }
  function stop() {
    controller?.abort();
    controller = undefined;
    active.value = false;
    level.value = 0;
  }
  return { level, error, active, start, stop };
}
