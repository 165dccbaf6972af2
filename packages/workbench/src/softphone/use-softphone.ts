import {
  type AgentStatus,
  type Call,
  type Dialer,
  type DialPermit,
  type IncomingCall,
  isTcccDialerError,
  type LocalizedText,
  loadTccc,
  type SettableAgentStatus,
  sdkUrlFromEndpoint,
  type TransferTarget,
} from '@tccc-dialer/web';
import { createDevices, microphonePicker } from '@tccc-dialer/web/devices';
import { checkRenderTarget, guardPage } from '@tccc-dialer/web/guards';
import { computed, ref, shallowRef, watch } from 'vue';
import { api, type CallEventName, type Disposition, type OutcomeKey, type Refusal } from '../api/index.js';
import { endOutcome } from './end-outcome.js';
import { gateProblem } from './gate-refusal.js';

export type SdkStatus = 'idle' | 'loading' | 'ready' | 'failed';
export type CallState = Call['state'];
export type { LocalizedText };
/** How TCCC's own workbench shows: not at all, floating over the page, or inside a panel. */
export type UiMode = 'headless' | 'floating' | 'embedded';

export interface Problem {
  code: string;
  message: LocalizedText;
  remedy: LocalizedText;
}

/** How often the browser tells the server it is still there (below AGENT_STATUS_STALE_SECONDS' 90 s minimum). */
const heartbeatMs = 60_000;

function toProblem(err: unknown): Problem {
  if (isTcccDialerError(err))
    return gateProblem(err.reason) ?? { code: err.code, message: err.messages, remedy: err.remedies };
  const text = err instanceof Error ? err.message : String(err);
  return {
    code: 'UNKNOWN',
    message: { 'zh-CN': text, 'en-US': text },
    remedy: { 'zh-CN': '请重试。', 'en-US': 'Please retry.' },
  };
}

/**
 * The one softphone of the page: the Dialer from @tccc-dialer/web, the current call and the events the
 * agent must notice (incoming call, lost device, token refresh). Shared by every view, so leaving the
 * work view for history does not drop the softphone.
 */
function createSoftphone() {
  const status = ref<SdkStatus>('idle');
  const failure = shallowRef<Problem | undefined>();
  const dialer = shallowRef<Dialer | undefined>();
  const call = shallowRef<Call | undefined>();
  const callState = ref<CallState | undefined>();
  const sessionId = ref('');
  const muted = ref(false);
  const held = ref(false);
  const connectedAt = ref<number | undefined>();
  /** How the last call ended, as the SDK saw it (history later shows the CDR's word). */
  const outcome = ref<OutcomeKey | undefined>();
  const actionError = shallowRef<Problem | undefined>();
  const agentStatus = ref<AgentStatus>('free');
  /** After-call work after a call outside a list, from the deployment (`WRAP_UP_SECONDS`). */
  const wrapUpSeconds = ref(0);
  /** The dispositions of a call outside a list, from the deployment (`CALL_DISPOSITIONS`). */
  const dispositions = shallowRef<Disposition[]>([]);
  /** When the running after-call work ends; undefined when there is none. */
  const afterCallWorkUntil = ref<number | undefined>();
  let afterCallWorkTimer: ReturnType<typeof setTimeout> | undefined;
  /** The reason of the rest the agent asked for (TCCC's statusChanged may not name it). */
  const restReason = ref<string | undefined>();
  const incoming = shallowRef<IncomingCall | undefined>();
  /** The microphone and speaker choice around the SDK (`@tccc-dialer/web/devices`). */
  const audioDevices = shallowRef<ReturnType<typeof createDevices> | undefined>();
  const deviceLost = shallowRef<Problem | undefined>();
  const refreshingToken = ref(false);
  /** Things that work but need the agent's attention (another tab holds the softphone, ...). */
  const warning = shallowRef<Problem | undefined>();
  /** The server's last refusal of a dial permit, with the rule that applied. */
  const refusal = shallowRef<Refusal | undefined>();
  let uiMode: UiMode = 'headless';
  let renderTarget: HTMLElement | undefined;
  let unsubscribe: Array<() => void> = [];
  /** Whether the call being dialled is a list entry's. */
  let nextIsListCall = false;

  const inCall = computed(() => callState.value !== undefined && callState.value !== 'ended');

  function report(event: CallEventName, extra: { closeBy?: string; at?: string } = {}) {
    const c = call.value;
    if (!c?.sessionId) return;
    void api
      .post('/api/calls/events', {
        body: {
          sessionId: c.sessionId,
          event,
          at: new Date().toISOString(),
          ...(c.direction === 'inbound'
            ? { caller: c.number ?? c.customerId, direction: 'inbound' as const }
            : { callee: c.number ?? c.customerId, direction: 'outbound' as const }),
          ...extra,
        },
        // The last event of a call must leave even while the tab is closing.
        keepalive: true,
      })
      // The CDR sync backfills what the browser could not send; a lost event is not the agent's problem.
      .catch(() => undefined);
  }

  /**
   * Tells the server the status TCCC confirmed: time in status is kept per agent and day, and the
   * supervisor's board follows. Like call events, a lost report is made good by TCCC's metrics.
   */
  function reportStatus(status: AgentStatus, reason?: string): Promise<unknown> {
    return api
      .post('/api/agent-status', {
        body: { status, at: new Date().toISOString(), ...(status === 'rest' && reason ? { reason } : {}) },
        keepalive: true,
      })
      .catch(() => undefined);
  }
  const goneOffline = () => void reportStatus('offline');

  /** After a call: TCCC's after-call work status, no call offered or dialled, until it runs out. */
  function startAfterCallWork() {
    const seconds = wrapUpSeconds.value;
    if (seconds <= 0 || !dialer.value) return;
    afterCallWorkUntil.value = Date.now() + seconds * 1000;
    void setAgentStatus('arrange');
    clearTimeout(afterCallWorkTimer);
    afterCallWorkTimer = setTimeout(() => void endAfterCallWork(), seconds * 1000);
  }

  /** Ends after-call work (run out, or the agent is done early): back to free. */
  async function endAfterCallWork() {
    clearTimeout(afterCallWorkTimer);
    if (afterCallWorkUntil.value === undefined) return;
    afterCallWorkUntil.value = undefined;
    if (agentStatus.value === 'arrange') await setAgentStatus('free');
  }

  function follow(c: Call, options: { listCall?: boolean } = {}) {
    call.value = c;
    callState.value = c.state;
    sessionId.value = c.sessionId;
    // The SDK names the session only once the call is out; the dialing event keeps its real time.
    const dialedAt = new Date().toISOString();
    let dialingSent = false;
    const onState = (s: CallState) => {
      callState.value = s;
      sessionId.value = c.sessionId;
      if (!dialingSent && c.sessionId) {
        dialingSent = true;
        report('dialing', { at: dialedAt });
      }
      if (s === 'connected' && connectedAt.value === undefined) connectedAt.value = Date.now();
      if (s !== 'ended') report(s);
    };
    c.on('state', onState);
    void c.ended.then((end) => {
      outcome.value = endOutcome(end);
      callState.value = 'ended';
      deviceLost.value = undefined;
      if (!dialingSent && c.sessionId) report('dialing', { at: dialedAt });
      report('ended', { closeBy: end.closeBy });
      // A list's own wrap-up (its disposition form) applies to its calls.
      if (!options.listCall) startAfterCallWork();
    });
  }

  /** An inbound call rings: it is offered until it is answered, declined, rings out or the caller hangs up. */
  function offer(c: IncomingCall) {
    incoming.value = c;
    void c.ended.then(() => {
      if (incoming.value === c) incoming.value = undefined;
    });
  }

  /** Answers the ringing call; from then on it is the current call, followed like a dialled one. */
  async function answer(): Promise<boolean> {
    const c = incoming.value;
    if (!c || inCall.value) return false;
    actionError.value = undefined;
    muted.value = false;
    held.value = false;
    connectedAt.value = undefined;
    outcome.value = undefined;
    try {
      incoming.value = undefined;
      follow(c);
      await c.accept();
      return true;
    } catch (err) {
      actionError.value = toProblem(err);
      return false;
    }
  }

  /** Declines the ringing call: TCCC offers it to the next agent of the queue. */
  async function decline(): Promise<void> {
    const c = incoming.value;
    if (!c) return;
    incoming.value = undefined;
    try {
      await c.reject();
    } catch (err) {
      actionError.value = toProblem(err);
    }
  }

  /**
   * Loads the softphone. `onSdkUrl` runs once the SDK URL has come back and the SDK script has been
   * asked for (or the request failed): the moment a caller may spend the main thread on rendering
   * without holding the script back.
   */
  async function load(mode: UiMode = uiMode, target?: HTMLElement, onSdkUrl?: () => void) {
    uiMode = mode;
    renderTarget = target;
    status.value = 'loading';
    failure.value = undefined;
    try {
      const fromServer = sdkUrlFromEndpoint('/api/tccc/sdk-url');
      const loading = loadTccc({
        // The loader adds the script in the microtasks after the URL arrives; a task later it is asked for.
        getSdkUrl: (signal) => fromServer(signal).finally(() => setTimeout(() => onSdkUrl?.(), 0)),
        // The microphone the agent chose (remembered by the browser) applies to the SDK too. The
        // picker reads it only when something opens a microphone, by then `devices` below exists.
        microphone: microphonePicker(() => devices.microphone),
        ui: mode === 'headless' ? 'hidden' : 'builtin',
        ...(mode === 'embedded' && target ? { renderInto: target } : {}),
      });
      // Made once loadTccc has sent the SDK URL request: listing devices costs the main thread a
      // few ms, which would otherwise hold that request back.
      const devices = createDevices();
      audioDevices.value = devices;
      const d = await loading;
      dialer.value = d;
      const small = mode === 'embedded' && target ? checkRenderTarget(target) : undefined;
      if (small) warning.value = toProblem(small);
      agentStatus.value = d.agentStatus;
      void reportStatus(d.agentStatus, restReason.value);
      // The server hears from this browser every minute: one that vanishes stops counting (AGENT_STATUS_STALE_SECONDS).
      const heartbeat = setInterval(
        () => void api.post('/api/agent-status/alive', { body: {} }).catch(() => undefined),
        heartbeatMs,
      );
      // A closed tab signs the agent out of TCCC: the time after it is not signed-in time.
      window.addEventListener('pagehide', goneOffline);
      unsubscribe = [
        d.on('call', (c) => follow(c, { listCall: nextIsListCall })),
        d.on('agentStatus', (s, reason) => {
          agentStatus.value = s;
          void reportStatus(s, reason ?? restReason.value);
        }),
        () => window.removeEventListener('pagehide', goneOffline),
        () => clearInterval(heartbeat),
        d.on('callIn', offer),
        devices.on('deviceLost', (lost) => {
          if (inCall.value) deviceLost.value = toProblem(lost.error);
        }),
        guardPage(d, { onWarning: (w) => (warning.value = toProblem(w)) }),
        () => devices.destroy(),
        d.on('error', (e) => {
          if (e.code === 'SDK_TOKEN_EXPIRED') void refreshToken();
        }),
      ];
      status.value = 'ready';
    } catch (err) {
      failure.value = toProblem(err);
      status.value = 'failed';
    }
  }

  /**
   * Resolves once the softphone is ready or has failed, or after `maxMs` at most: the moment for
   * work that would otherwise take the main thread while the SDK script waits to run.
   */
  function settled(maxMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => status.value === 'ready' || status.value === 'failed';
      if (done()) return resolve();
      const finish = () => {
        stop();
        clearTimeout(timer);
        resolve();
      };
      const stop = watch(status, () => {
        if (done()) finish();
      });
      const timer = setTimeout(finish, maxMs);
    });
  }

  /** The SDK's login token lapsed: load again with a fresh URL, unless a call is live. */
  async function refreshToken() {
    if (inCall.value || refreshingToken.value) return;
    refreshingToken.value = true;
    teardown();
    await load(uiMode, renderTarget);
    refreshingToken.value = false;
  }

  /**
   * Every dial asks the server for a permit first (do-not-call list, calling hours, caps); a list
   * entry names itself so its list's rules apply. A granted permit's UUI travels with the call.
   * Under number mapping the permit names a customer ID and the call dials that ID (TCCC asks the
   * server for the number); an entry of a protected list comes with its ID and no number at all.
   */
  async function dial(
    number: string | undefined,
    options: {
      phoneDesc?: string;
      entry?: { campaignId: string; entryId: string };
      customerId?: string;
      /** The number the callee sees; TCCC's default when absent. */
      callerPhoneNumber?: string | undefined;
    } = {},
  ): Promise<boolean> {
    const d = dialer.value;
    if (!d || inCall.value || afterCallWorkUntil.value !== undefined) return false;
    nextIsListCall = options.entry !== undefined;
    actionError.value = undefined;
    refusal.value = undefined;
    muted.value = false;
    held.value = false;
    connectedAt.value = undefined;
    outcome.value = undefined;
    const desc = {
      ...(options.phoneDesc ? { phoneDesc: options.phoneDesc } : {}),
      ...(options.callerPhoneNumber ? { callerPhoneNumber: options.callerPhoneNumber } : {}),
    };
    const ask = async (phone: string | undefined) => {
      const customer =
        options.entry === undefined && options.customerId ? { customerId: options.customerId } : {};
      const permit = await api.post('/api/dial-permits', {
        body: { ...(phone === undefined ? customer : { phone }), ...(options.entry ?? {}) },
      });
      if (!permit.allowed)
        refusal.value = { code: permit.reason, message: permit.message, ruleText: permit.ruleText };
      return permit;
    };
    const byCustomer = (customerId: string, permit: () => Promise<DialPermit>) =>
      d.dial({ customerId, ...desc, beforeDial: permit });
    /** Set when the permit for a typed number names a customer ID: the call then goes by ID. */
    const byId: { customerId?: string; uui: string } = { uui: '' };
    try {
      if (options.customerId !== undefined || number === undefined) {
        await byCustomer(options.customerId ?? '', async () => {
          const permit = await ask(undefined);
          return permit.allowed
            ? { allowed: true, uui: permit.uui }
            : { allowed: false, reason: permit.reason };
        });
        return true;
      }
      await d.dial(number, {
        ...desc,
        beforeDial: async (request) => {
          const permit = await ask(request.number);
          if (!permit.allowed) return { allowed: false, reason: permit.reason };
          if (permit.customerId === undefined) return { allowed: true, uui: permit.uui };
          // Number mapping is on: this number is not dialled, its customer ID is (below).
          Object.assign(byId, { customerId: permit.customerId, uui: permit.uui });
          return { allowed: false, reason: 'DIAL_BY_CUSTOMER_ID' };
        },
      });
      return true;
    } catch (err) {
      if (byId.customerId === undefined) {
        actionError.value = toProblem(err);
        return false;
      }
    }
    try {
      await byCustomer(byId.customerId, async () => ({ allowed: true, uui: byId.uui }));
      return true;
    } catch (err) {
      actionError.value = toProblem(err);
      return false;
    }
  }

  async function run(action: (c: Call) => unknown) {
    const c = call.value;
    if (!c || !inCall.value) return;
    try {
      await action(c);
    } catch (err) {
      actionError.value = toProblem(err);
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
  const sendDigits = (digits: string) => run((c) => c.sendDigits(digits));
  /** A blind transfer: the call leaves this agent once TCCC takes it; a refusal leaves it connected. */
  const transfer = (target: TransferTarget) => run((c) => c.transfer(target));

  async function setAgentStatus(next: SettableAgentStatus, reason?: string) {
    const d = dialer.value;
    if (!d) return;
    try {
      if (next === 'rest') {
        restReason.value = reason;
        await d.setAgentStatus('rest', reason ? { reason } : {});
      } else await d.setAgentStatus(next);
      agentStatus.value = next;
    } catch (err) {
      actionError.value = toProblem(err);
    }
  }

  function teardown() {
    for (const u of unsubscribe) u();
    unsubscribe = [];
    dialer.value?.destroy();
    dialer.value = undefined;
    audioDevices.value = undefined;
  }

  /**
   * Sign-out: the status `offline` reaches the server before the session ends (waited for at most
   * `boundMs`, so a server that does not answer cannot hold the agent), then unloads.
   */
  async function signOff(boundMs = 3000) {
    if (dialer.value) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const bound = new Promise((resolve) => (timer = setTimeout(resolve, boundMs)));
      await Promise.race([reportStatus('offline'), bound]);
      clearTimeout(timer);
    }
    destroy({ offlineSent: true });
  }

  /** Unloads the softphone and forgets everything about the session (sign-out). */
  function destroy(options: { offlineSent?: boolean } = {}) {
    clearTimeout(afterCallWorkTimer);
    afterCallWorkUntil.value = undefined;
    if (dialer.value && !options.offlineSent) goneOffline();
    teardown();
    status.value = 'idle';
    failure.value = undefined;
    call.value = undefined;
    callState.value = undefined;
    sessionId.value = '';
    outcome.value = undefined;
    actionError.value = undefined;
    incoming.value = undefined;
    deviceLost.value = undefined;
    warning.value = undefined;
    refusal.value = undefined;
  }

  return {
    status,
    failure,
    call,
    callState,
    sessionId,
    inCall,
    muted,
    held,
    connectedAt,
    outcome,
    actionError,
    agentStatus,
    audioDevices,
    restReason,
    incoming,
    deviceLost,
    refreshingToken,
    warning,
    refusal,
    load,
    settled,
    dial,
    hangUp,
    toggleMute,
    toggleHold,
    sendDigits,
    transfer,
    setAgentStatus,
    answer,
    decline,
    wrapUpSeconds,
    dispositions,
    afterCallWorkUntil,
    endAfterCallWork,
    signOff,
    destroy,
  };
}

export type Softphone = ReturnType<typeof createSoftphone>;
let shared: Softphone | undefined;

/** The page's softphone, created on first use. */
export function useSoftphone(): Softphone {
  shared ??= createSoftphone();
  return shared;
}
