import { describe, expect, it } from 'vitest';
import { microphonePicker } from './microphone-picker.js';
import { fakeStream } from './test-support/fake-media.js';

/** A mediaDevices whose getUserMedia records each request and fails as told. */
function page(fail?: (c: MediaStreamConstraints | undefined) => unknown) {
  const asked: Array<MediaStreamConstraints | undefined> = [];
  const own = async function getUserMedia(c?: MediaStreamConstraints) {
    asked.push(c);
    const problem = fail?.(c);
    if (problem) throw problem;
    return fakeStream();
  };
  const md = { getUserMedia: own } as unknown as MediaDevices;
  return { md, asked, own };
}

describe('microphonePicker', () => {
  it('makes audio requests ask for the chosen device exactly, keeping their other constraints', async () => {
    const { md, asked } = page();
    microphonePicker('mic-headset')(md);
    await md.getUserMedia({ audio: true });
    await md.getUserMedia({ audio: { echoCancellation: true }, video: false });
    expect(asked).toEqual([
      { audio: { deviceId: { exact: 'mic-headset' } } },
      { audio: { echoCancellation: true, deviceId: { exact: 'mic-headset' } }, video: false },
    ]);
  });

  it('reads a function choice at each request; default or none leaves requests alone, and so does video only', async () => {
    const { md, asked } = page();
    let choice: string | undefined = 'default';
    microphonePicker(() => choice)(md);
    await md.getUserMedia({ audio: true });
    choice = undefined;
    await md.getUserMedia({ audio: true });
    choice = 'mic-builtin';
    await md.getUserMedia({ video: true });
    await md.getUserMedia({ audio: true });
    expect(asked).toEqual([
      { audio: true },
      { audio: true },
      { video: true },
      { audio: { deviceId: { exact: 'mic-builtin' } } },
    ]);
  });

  it('falls back to the plain request when the chosen device is gone (OverconstrainedError); other failures pass through', async () => {
    const gone = Object.assign(new Error('no such device'), { name: 'OverconstrainedError' });
    const fallback = page((c) => (typeof c?.audio === 'object' ? gone : undefined));
    microphonePicker('mic-unplugged')(fallback.md);
    await expect(fallback.md.getUserMedia({ audio: true })).resolves.toBeDefined();
    expect(fallback.asked.at(-1)).toEqual({ audio: true });

    const denied = Object.assign(new Error('denied'), { name: 'NotAllowedError' });
    const refusing = page(() => denied);
    microphonePicker('mic-headset')(refusing.md);
    await expect(refusing.md.getUserMedia({ audio: true })).rejects.toBe(denied);
  });

  it('the undo puts the original back, unless something wrapped it since', () => {
    const first = page();
    const undo = microphonePicker('mic-headset')(first.md);
    expect(first.md.getUserMedia).not.toBe(first.own);
    undo();
    expect(first.md.getUserMedia).toBe(first.own);

    const second = page();
    const undoLater = microphonePicker('mic-headset')(second.md);
    const theirs = async () => fakeStream();
    second.md.getUserMedia = theirs;
    undoLater();
    expect(second.md.getUserMedia).toBe(theirs);
  });
});
