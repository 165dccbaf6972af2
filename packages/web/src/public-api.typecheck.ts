// Compiled by public-api.test.ts, never run: how integrators use the API, and misuse the types refuse.
// Every `@ts-expect-error` must meet an error, or tsc reports the directive as unused.
import { createDevices, type DeviceLists, type LostDevice, microphonePicker } from './devices.js';
import { checkRenderTarget, guardPage } from './guards.js';
import {
  type AgentStatus,
  type Call,
  type CallEnd,
  type CallState,
  type DialerEvents,
  type DialPermit,
  type DialRequest,
  type IncomingCall,
  isTcccDialerError,
  loadTccc,
  type SettableAgentStatus,
  sdkUrlFromEndpoint,
  type TcccDialerErrorCode,
  type TransferTarget,
} from './index.js';
import { normalizePhone } from './phone.js';
import { type PrecallReport, runPrecallCheck, watchInputLevel } from './precall.js';

export async function integratorCode(box: HTMLElement): Promise<void> {
  const dialer = await loadTccc({ getSdkUrl: sdkUrlFromEndpoint('/api/tccc/sdk-url'), ui: 'hidden' });
  await loadTccc({ getSdkUrl: async (signal) => ({ sdkUrl: String(signal.aborted) }), renderInto: box });
  const devices = createDevices({ storage: sessionStorage });
  await loadTccc({ getSdkUrl: '/api/tccc/sdk-url', timeoutMs: 10_000, microphone: devices.microphonePicker });
  await loadTccc({ getSdkUrl: '/x', microphone: microphonePicker('deviceId-of-the-headset') });
  const lists: DeviceLists = await devices.list();
  await devices.selectMicrophone(lists.microphones[0]?.deviceId ?? 'default');
  if (devices.canSelectSpeaker) await devices.selectSpeaker('default');
  const stopRouting = await devices.route(new AudioContext());
  stopRouting();
  await devices.playTestSound({ durationMs: 500 });
  devices.on(
    'deviceLost',
    (lost: LostDevice) => `${lost.kind} ${lost.label} ${lost.fellBack} ${lost.error.code}`,
  );
  devices.on('change', ({ microphones, speakers }) => microphones.length + speakers.length);
  const unguard = guardPage(await loadTccc({ getSdkUrl: '/x' }), { onWarning: (w) => w.remedies['zh-CN'] });
  unguard();
  const small = checkRenderTarget(box);
  if (small) console.log(small.code);

  const off = dialer.on('call', (call) => {
    call.on('state', (state) => {
      const known: CallState = state;
      return known;
    });
  });
  off();
  dialer.on('callIn', (incoming: IncomingCall) => {
    const { timeout, ivrPath, calleePhoneNumber } = incoming.info;
    console.log(
      incoming.direction,
      incoming.display,
      incoming.number,
      timeout,
      ivrPath[0]?.label,
      calleePhoneNumber,
    );
    void (timeout ? incoming.accept() : incoming.reject());
  });
  dialer.on('agentStatus', (status: AgentStatus, reason?: string) => `${status}${reason ?? ''}`);
  dialer.on('error', (e) => {
    const code: TcccDialerErrorCode = e.code;
    return code;
  });

  const call: Call = await dialer.dial('13800138000', {
    phoneDesc: 'Ms Li',
    uui: 'order-42',
    beforeDial: async ({ number }) =>
      number.startsWith('400') ? { allowed: false, reason: 'SERVICE_NUMBER' } : { allowed: true },
  });
  await call.mute();
  await call.sendDigits('1#');
  await call.transfer({ skillGroupId: '7' });
  const end: CallEnd = await call.ended;
  const who: 'client' | 'seat' | 'admin' | 'timer' = end.closeBy;
  const movedTo: TransferTarget | undefined = end.transferredTo;
  await dialer.setAgentStatus('rest');
  await dialer.setAgentStatus('rest', { reason: 'lunch' });
  await dialer.setAgentStatus('stopNotReady');
  const picked = 'notReady' as SettableAgentStatus; // e.g. from a <select>
  await dialer.setAgentStatus(picked);
  const now: AgentStatus = picked; // what may be set is a status the agent can have
  console.log(now);

  // One hook serves both forms: a permit is asked for what was dialled, a number or a customer ID.
  const permit = async (request: DialRequest): Promise<DialPermit> =>
    'customerId' in request && request.customerId
      ? { allowed: true, uui: `id:${request.customerId}` }
      : { allowed: false, reason: 'NO_PERMIT_FOR_NUMBERS' };
  await dialer.dial('13800138000', { beforeDial: permit });
  const byId: Call = await dialer.dial({
    customerId: 'k7m2xq9d4t',
    phoneDesc: 'Ms Li',
    beforeDial: async ({ customerId }) =>
      customerId ? permit({ customerId }) : { allowed: false, reason: 'EMPTY' },
  });
  const shown: string = byId.display;
  const id: string | undefined = byId.customerId;
  const number: string | undefined = byId.number;
  console.log(shown, id, number, movedTo);

  const report: PrecallReport = await runPrecallCheck({ levelSampleMs: 1000 });
  for (const c of report.checks)
    if (c.status === 'fail') console.log(c.code, c.message['en-US'], c.remedy['zh-CN']);
  await watchInputLevel((level) => level * 100, { signal: AbortSignal.timeout(5000) });

  const phone = normalizePhone('021-6000 0000');
  if (phone.valid) console.log(phone.national);
  else console.log(phone.reason);

  try {
    dialer.destroy();
  } catch (e) {
    if (isTcccDialerError(e)) console.log(e.code, e.cause, who);
  }
}

export async function misuse(call: Call, incoming: IncomingCall): Promise<void> {
  // @ts-expect-error getSdkUrl is required
  loadTccc({ ui: 'hidden' });
  // @ts-expect-error ui is 'builtin' or 'hidden'
  loadTccc({ getSdkUrl: '/x', ui: 'floating' });
  // @ts-expect-error getSdkUrl resolves a URL or { sdkUrl }
  loadTccc({ getSdkUrl: async () => 42 });

  const dialer = await loadTccc({ getSdkUrl: '/x' });
  // @ts-expect-error there is no such event
  dialer.on('ringing', () => {});
  // @ts-expect-error the `call` event hands over a Call, not a number
  dialer.on('call', (n: number) => n);
  // @ts-expect-error a refusal needs a coded reason
  dialer.dial('13800138000', { beforeDial: async () => ({ allowed: false }) });
  // @ts-expect-error beforeDial is async
  dialer.dial('13800138000', { beforeDial: () => ({ allowed: true }) });
  // @ts-expect-error no such dial option
  dialer.dial('13800138000', { callerId: '02160000000' });
  // @ts-expect-error agents cannot set themselves busy; the SDK does
  dialer.setAgentStatus('busy');
  // @ts-expect-error only a rest carries a reason
  dialer.setAgentStatus('free', { reason: 'lunch' });
  // @ts-expect-error stopNotReady is a request, not a status an agent has
  const held: AgentStatus = 'stopNotReady';
  void held;
  // @ts-expect-error the customer-ID form takes its options in the one object
  dialer.dial({ customerId: 'k7m2xq9d4t' }, { phoneDesc: 'Ms Li' });
  // @ts-expect-error an object dial names a customer ID; a number is dialled as a string
  dialer.dial({ number: '13800138000' });
  // @ts-expect-error the phone number of a protected call is not the agent's to set
  dialer.dial({ customerId: 'k7m2xq9d4t', phoneNumber: '13800138000' });
  // @ts-expect-error a customer-ID dial's hook is never handed a number
  dialer.dial({ customerId: 'k7', beforeDial: async (r) => ({ allowed: true, uui: r.number }) });
  // @ts-expect-error an outbound call cannot be accepted
  call.accept();
  // @ts-expect-error what callIn told is read-only
  incoming.info = { timeout: 0, ivrPath: [] };
  // @ts-expect-error the device loss event moved to @tccc-dialer/web/devices
  dialer.on('deviceLost', () => {});
  // @ts-expect-error the microphone is picked through a picker (createDevices or microphonePicker)
  loadTccc({ getSdkUrl: '/x', microphone: 'deviceId-of-the-headset' });
  // @ts-expect-error the page guards need the dialer they guard
  guardPage();
  // @ts-expect-error a speaker is named by its deviceId
  createDevices().selectSpeaker(2);

  // @ts-expect-error the session id comes from the SDK
  call.sessionId = 'forged';
  // @ts-expect-error state moves only with SDK events
  call.state = 'connected';
  // @ts-expect-error transfer needs a skill group or an agent
  call.transfer({});
  // @ts-expect-error a blind transfer goes to one agent or one skill group, not both
  call.transfer({ userId: 'agent2@example.com', skillGroupId: '7' });
  // @ts-expect-error sendDigits takes a string of digits
  call.sendDigits(12);

  // @ts-expect-error a meter without a way to stop it would leak the microphone
  watchInputLevel(() => {}, {});

  const events: keyof DialerEvents = 'call';
  // @ts-expect-error the Dialer is made by loadTccc, not constructed (type-only export)
  new (await import('./index.js')).Dialer();
  // @ts-expect-error the pre-call check is its own entry, '@tccc-dialer/web/precall'
  (await import('./index.js')).runPrecallCheck();
  return void events;
}
