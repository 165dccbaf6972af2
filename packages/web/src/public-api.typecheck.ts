// Compiled by public-api.test.ts, never run: how integrators use the API, and misuse the types refuse.
// Every `@ts-expect-error` must meet an error, or tsc reports the directive as unused.
import {
  type Call,
  type CallEnd,
  type CallState,
  type DialerEvents,
  isTcccDialerError,
  loadTccc,
  sdkUrlFromEndpoint,
  type TcccDialerErrorCode,
} from './index.js';
import { normalizePhone } from './phone.js';
import { type PrecallReport, runPrecallCheck, watchInputLevel } from './precall.js';

export async function integratorCode(box: HTMLElement): Promise<void> {
  const dialer = await loadTccc({ getSdkUrl: sdkUrlFromEndpoint('/api/tccc/sdk-url'), ui: 'hidden' });
  await loadTccc({ getSdkUrl: async (signal) => ({ sdkUrl: String(signal.aborted) }), renderInto: box });
  await loadTccc({
    getSdkUrl: '/api/tccc/sdk-url',
    timeoutMs: 10_000,
    onWarning: (w) => w.remedies['zh-CN'],
  });

  const off = dialer.on('call', (call) => {
    call.on('state', (state) => {
      const known: CallState = state;
      return known;
    });
  });
  off();
  dialer.once('deviceLost', ({ deviceId, label, error }) => `${deviceId}${label}${error.code}`);
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
  await dialer.setAgentStatus('rest');

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

export async function misuse(call: Call): Promise<void> {
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

  // @ts-expect-error the session id comes from the SDK
  call.sessionId = 'forged';
  // @ts-expect-error state moves only with SDK events
  call.state = 'connected';
  // @ts-expect-error transfer needs a skill group or an agent
  call.transfer({});
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
