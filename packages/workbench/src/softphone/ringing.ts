/**
 * What makes a ringing call noticed: a ring tone from the page (no file to load), and the tab's title
 * flashing the caller until it is answered, declined or gone. `stop()` undoes both.
 */
export function startRinging(options: {
  title: string;
  sound: boolean;
  /** Sends the tone to the agent's chosen speaker (`Devices.route`); the system's otherwise. */
  route?: ((ctx: AudioContext) => Promise<() => void>) | undefined;
}): { stop(): void } {
  const original = document.title;
  let flash = false;
  const titleTimer = setInterval(() => {
    flash = !flash;
    document.title = flash ? options.title : original;
  }, 1000);
  document.title = options.title;

  let audio: AudioContext | undefined;
  let toneTimer: ReturnType<typeof setInterval> | undefined;
  let unroute: (() => void) | undefined;
  let stopped = false;
  if (options.sound && typeof AudioContext === 'function') {
    const ctx = new AudioContext();
    audio = ctx;
    // A speaker that cannot be chosen (or is gone) still rings on the system's: the call must be heard.
    void options.route?.(ctx).then(
      (undo) => {
        if (stopped) undo();
        else unroute = undo;
      },
      () => undefined,
    );
    // China's ring-back cadence: 1 s of 450 Hz, 4 s of silence.
    const ring = () => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 450;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 1);
    };
    ring();
    toneTimer = setInterval(ring, 5000);
  }
  return {
    stop() {
      stopped = true;
      unroute?.();
      clearInterval(titleTimer);
      if (toneTimer !== undefined) clearInterval(toneTimer);
      void audio?.close().catch(() => undefined);
      document.title = original;
    },
  };
}
