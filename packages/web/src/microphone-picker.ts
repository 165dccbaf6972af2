import type { MicrophonePicker } from './load-tccc.js';

/**
 * A `loadTccc({ microphone })` picker that makes `getUserMedia` ask for the chosen microphone
 * whenever audio is requested: a deviceId, or a function read at each request (`default`, empty or
 * undefined leave the request alone).
 *
 * Why it exists: TCCC's SDK has no API to choose a microphone (reference/tccc.md §1.6) and opens
 * one itself for each call, so wrapping the page's `getUserMedia` before its script loads is the
 * only way its calls use the agent's headset. The loader undoes it on `destroy()`.
 */
export function microphonePicker(choice: string | (() => string | undefined)): MicrophonePicker {
  return (md) => {
    const gum = md.getUserMedia;
    const wrapped = async (c?: MediaStreamConstraints): Promise<MediaStream> => {
      const id = typeof choice === 'function' ? choice() : choice;
      if (!id || id === 'default' || !c?.audio) return gum.call(md, c);
      try {
        // `exact`: Chrome takes an `ideal` deviceId as a mere hint and opens the default.
        return await gum.call(md, { ...c, audio: { ...Object(c.audio), deviceId: { exact: id } } });
      } catch (e) {
        // The chosen device went away: a call on the default microphone beats a failed one.
        if ((e as Error)?.name !== 'OverconstrainedError') throw e;
        return gum.call(md, c);
      }
    };
    md.getUserMedia = wrapped;
    return () => {
      if (md.getUserMedia === wrapped) md.getUserMedia = gum;
    };
  };
}
