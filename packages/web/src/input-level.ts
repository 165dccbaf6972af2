import { type Clock, systemClock } from './clock.js';
import { TcccDialerError } from './errors.js';
import { mediaError } from './precall-errors.js';

export interface WatchInputLevelOptions {
  /** Required: aborting it stops the meter, every track and the AudioContext. */
  signal: AbortSignal;
  deviceId?: string;
  /** How often `onLevel` is called, in ms (default 100). */
  intervalMs?: number;
  mediaDevices?: Pick<MediaDevices, 'getUserMedia'>;
  AudioContext?: new () => AudioContext;
  clock?: Clock;
}

/**
 * Calls `onLevel` with the microphone's input level (RMS, 0–1) until `signal` aborts. Resolves once
 * the meter runs; rejects with a TcccDialerError (MIC_PERMISSION_DENIED, MIC_LEVEL_UNAVAILABLE, ...)
 * when it cannot start, having released the microphone. Browsers keep an AudioContext suspended
 * until a user gesture, so start the meter from a click.
 */
export async function watchInputLevel(
  onLevel: (level: number) => void,
  options: WatchInputLevelOptions,
): Promise<void> {
  const { signal } = options;
  const clock = options.clock ?? systemClock;
  if (signal.aborted) return;
  let stream: MediaStream;
  try {
    const md = options.mediaDevices ?? globalThis.navigator.mediaDevices;
    stream = await md.getUserMedia({ audio: options.deviceId ? { deviceId: options.deviceId } : true });
  } catch (e) {
    throw mediaError(e);
  }
  let ctx: AudioContext | undefined;
  let timer: unknown;
  const stop = () => {
    clock.clearTimeout(timer);
    for (const t of stream.getTracks()) t.stop();
    void ctx?.close().catch(() => {});
  };
  try {
    ctx = new (options.AudioContext ?? globalThis.AudioContext)();
    const analyser = ctx.createAnalyser();
    ctx.createMediaStreamSource(stream).connect(analyser);
    // resume() can stay pending until a user gesture; give it a moment, then judge by state.
    await Promise.race([ctx.resume(), new Promise((r) => clock.setTimeout(() => r(0), 300))]);
    if (ctx.state !== 'running') throw new Error(`AudioContext is ${ctx.state}`);
    const buf = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const x of buf) sum += x * x;
      onLevel(Math.sqrt(sum / buf.length));
      timer = clock.setTimeout(tick, options.intervalMs ?? 100);
    };
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    tick();
  } catch (cause) {
    stop();
    throw new TcccDialerError('MIC_LEVEL_UNAVAILABLE', undefined, { cause });
  }
}
