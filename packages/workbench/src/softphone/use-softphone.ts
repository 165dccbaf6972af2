import { type Call, type Dialer, isTcccDialerError, loadTccc, sdkUrlFromEndpoint } from '@tccc-dialer/web';
import { normalizePhone } from '@tccc-dialer/web/phone';
import { computed, onBeforeUnmount, ref, shallowRef } from 'vue';

export type SdkStatus = 'loading' | 'ready' | 'failed';
export type CallState = Call['state'];
export interface LocalizedText {
  'zh-CN': string;
  'en-US': string;
}

/** Wraps the Dialer from @tccc-dialer/web and the state of the one current call. */
export function useSoftphone() {
  const status = ref<SdkStatus>('loading');
  const failure = shallowRef<{ message: LocalizedText; remedy: LocalizedText } | undefined>();
  const dialer = shallowRef<Dialer | undefined>();
  const call = shallowRef<Call | undefined>();
  const callState = ref<CallState | undefined>();
  const muted = ref(false);
  const held = ref(false);
  const connectedAt = ref<number | undefined>();
  const dialError = shallowRef<{ message: LocalizedText } | undefined>();

  function toFailure(err: unknown) {
    if (isTcccDialerError(err)) return { message: err.messages, remedy: err.remedies };
    const text = err instanceof Error ? err.message : String(err);
    return {
      message: { 'zh-CN': text, 'en-US': text },
      remedy: { 'zh-CN': '请重试。', 'en-US': 'Please retry.' },
    };
  }

  async function load() {
    status.value = 'loading';
    failure.value = undefined;
    try {
      dialer.value = await loadTccc({ getSdkUrl: sdkUrlFromEndpoint('/api/tccc/sdk-url'), ui: 'hidden' });
      status.value = 'ready';
    } catch (err) {
      failure.value = toFailure(err);
      status.value = 'failed';
    }
  }

  const inCall = computed(() => callState.value !== undefined && callState.value !== 'ended');

  function isValidNumber(input: string): boolean {
    try {
      const r = normalizePhone(input, { defaultRegion: 'CN' }) as unknown;
      // The phone entry may answer with a result object or throw; accept both shapes.
      return !(r && typeof r === 'object' && 'valid' in r && (r as { valid: unknown }).valid === false);
    } catch {
      return false;
    }
  }

  async function dial(number: string) {
    const d = dialer.value;
    if (!d || inCall.value) return;
    dialError.value = undefined;
    muted.value = false;
    held.value = false;
    connectedAt.value = undefined;
    try {
      const c = await d.dial(number);
      call.value = c;
      callState.value = c.state;
      c.on('state', (s: CallState) => {
        callState.value = s;
        if (s === 'connected' && connectedAt.value === undefined) connectedAt.value = Date.now();
      });
      if (c.state === 'connected') connectedAt.value = Date.now();
    } catch (err) {
      dialError.value = { message: toFailure(err).message };
    }
  }

  async function run(action: (c: Call) => unknown) {
    const c = call.value;
    if (!c || !inCall.value) return;
    try {
      await action(c);
    } catch (err) {
      dialError.value = { message: toFailure(err).message };
    }
  }

  const hangUp = () => run((c) => c.hangUp());
  const toggleMute = () =>
    run(async (c) => {
      await (muted.value ? c.unmute() : c.mute());
      muted.value = !muted.value;
    });
  const toggleHold = () =>
    run(async (c) => {
      await (held.value ? c.unhold() : c.hold());
      held.value = !held.value;
    });

  function destroy() {
    dialer.value?.destroy();
    dialer.value = undefined;
  }
  onBeforeUnmount(destroy);

  return {
    status,
    failure,
    call,
    callState,
    inCall,
    muted,
    held,
    connectedAt,
    dialError,
    load,
    dial,
    hangUp,
    toggleMute,
    toggleHold,
    isValidNumber,
    destroy,
  };
}
