import { type Clock, systemClock } from './clock.js';
import { type LocalizedText, TcccDialerError, type TcccDialerErrorCode } from './errors.js';
import { watchInputLevel } from './input-level.js';
import { mediaError } from './precall-errors.js';

export type PrecallCheckId =
  | 'secure-context'
  | 'media-devices'
  | 'browser-support'
  | 'microphone'
  | 'devices'
  | 'input-level';
export type PrecallStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface PrecallCheck {
  id: PrecallCheckId;
  status: PrecallStatus;
  /** `OK` when passed, `SKIPPED` after an earlier failure (or sampling off), else a documented code. */
  code: TcccDialerErrorCode | 'OK' | 'SKIPPED';
  message: LocalizedText;
  remedy: LocalizedText;
}

export interface PrecallReport {
  /** False when any check failed; warnings do not block a call. */
  ok: boolean;
  /** Always all six checks, in the order they ran. */
  checks: PrecallCheck[];
  /** Real devices (the `default` alias is not counted) and whether `setSinkId` can pick a speaker. */
  devices: { inputs: number; outputs: number; canSelectSpeaker: boolean };
  /** Highest input level (RMS, 0–1) seen while sampling. */
  level?: number;
  durationMs: number;
}

/** The parts of `window` the check reads; pass a fake in tests. */
export interface PrecallWindow {
  isSecureContext?: boolean;
  RTCPeerConnection?: unknown;
  HTMLMediaElement?: { prototype: object };
  tccc?: { Devices?: { isBrowserSupported?: () => boolean } } | undefined;
}

export interface PrecallOptions {
  /** Sample the input level this long (ms) and warn when silent; 0 (default) skips it. */
  levelSampleMs?: number;
  window?: PrecallWindow;
  mediaDevices?: Pick<MediaDevices, 'getUserMedia' | 'enumerateDevices'>;
  AudioContext?: new () => AudioContext;
  clock?: Clock;
}

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, 'en-US': en });
const blank = text('', '');
const fault = (code: TcccDialerErrorCode) => new TcccDialerError(code);

/**
 * DESIGN.md flow 2, in order: secure context, media devices API, browser support, microphone
 * permission, devices after the grant, optional input level. Never rejects; every track is stopped
 * and every AudioContext closed before it resolves.
 */
export async function runPrecallCheck(options: PrecallOptions = {}): Promise<PrecallReport> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const win = options.window ?? (globalThis as PrecallWindow);
  const md = options.mediaDevices ?? globalThis.navigator?.mediaDevices;
  const sampleMs = options.levelSampleMs ?? 0;
  const report: PrecallReport = {
    ok: true,
    checks: [],
    devices: {
      inputs: 0,
      outputs: 0,
      canSelectSpeaker: 'setSinkId' in (win.HTMLMediaElement?.prototype ?? {}),
    },
    durationMs: 0,
  };
  const add = (id: PrecallCheckId, problem?: TcccDialerError, warn?: boolean) => {
    const status: PrecallStatus = !report.ok ? 'skip' : problem ? (warn ? 'warn' : 'fail') : 'pass';
    const shown = status === 'skip' ? undefined : problem;
    report.checks.push({
      id,
      status,
      code: shown?.code ?? (status === 'skip' ? 'SKIPPED' : 'OK'),
      message: shown?.messages ?? (status === 'skip' ? blank : text('正常', 'OK')),
      remedy: shown?.remedies ?? blank,
    });
    if (status === 'fail') report.ok = false;
  };
  let stream: MediaStream | undefined;
  let problem: TcccDialerError | undefined;
  try {
    add('secure-context', win.isSecureContext === false ? fault('INSECURE_CONTEXT') : undefined);
    add('media-devices', typeof md?.getUserMedia === 'function' ? undefined : fault('BROWSER_UNSUPPORTED'));
    const supported =
      typeof win.RTCPeerConnection === 'function' && win.tccc?.Devices?.isBrowserSupported?.() !== false;
    add('browser-support', supported ? undefined : fault('BROWSER_UNSUPPORTED'));
    if (report.ok) {
      try {
        stream = await md.getUserMedia({ audio: true });
      } catch (e) {
        problem = mediaError(e);
      }
    }
    add('microphone', problem);
    if (report.ok) {
      const list = await md.enumerateDevices().catch(() => []);
      // 'default' and 'communications' are aliases of a real device, not devices of their own.
      const count = (kind: string) =>
        list.filter((d) => d.kind === kind && d.deviceId !== 'default' && d.deviceId !== 'communications')
          .length;
      report.devices.inputs = count('audioinput');
      report.devices.outputs = count('audiooutput');
    }
    add('devices', report.devices.inputs ? undefined : fault('MIC_NOT_FOUND'));
    problem = undefined;
    if (report.ok && sampleMs && stream) {
      const live = stream;
      const stop = new AbortController();
      let max = 0;
      try {
        await watchInputLevel((level) => (max = Math.max(max, level)), {
          signal: stop.signal,
          intervalMs: 50,
          mediaDevices: { getUserMedia: async () => live },
          ...(options.AudioContext && { AudioContext: options.AudioContext }),
          clock,
        });
        await new Promise((r) => clock.setTimeout(() => r(0), sampleMs));
        report.level = max;
        if (max < 0.001) problem = fault('MIC_SILENT');
      } catch (e) {
        problem = e as TcccDialerError;
      } finally {
        stop.abort();
      }
      add('input-level', problem, true);
    } else {
      report.checks.push({
        id: 'input-level',
        status: 'skip',
        code: 'SKIPPED',
        message: blank,
        remedy: blank,
      });
    }
  } finally {
    for (const t of stream?.getTracks() ?? []) t.stop();
  }
  report.durationMs = clock.now() - started;
  return report;
}
