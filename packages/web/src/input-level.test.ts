import { describe, expect, it } from 'vitest';
import { watchInputLevel } from './input-level.js';
import { FakeMediaDevices, fakeAudioContext } from './test-support/fake-media.js';

describe('watchInputLevel', () => {
  it('reports levels until aborted, then stops the track and closes the AudioContext', async () => {
    const md = new FakeMediaDevices();
    const audio = fakeAudioContext(0.5);
    const stop = new AbortController();
    const levels: number[] = [];
    await watchInputLevel((l) => levels.push(l), {
      signal: stop.signal,
      intervalMs: 5,
      mediaDevices: md,
      ...audio,
    });
    await new Promise((r) => setTimeout(r, 30));
    stop.abort();
    const seen = levels.length;
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toBeGreaterThan(1);
    expect(levels.length).toBe(seen);
    expect(levels[0]).toBeCloseTo(0.5);
    expect(md.streams[0]?.tracks[0]?.stopped).toBe(1);
    expect(audio.made[0]?.closed).toBe(1);
  });

  it('rejects with the microphone code when getUserMedia is refused', async () => {
    const md = new FakeMediaDevices();
    md.failWith = new DOMException('denied', 'NotAllowedError');
    await expect(
      watchInputLevel(() => {}, { signal: new AbortController().signal, mediaDevices: md }),
    ).rejects.toMatchObject({ code: 'MIC_PERMISSION_DENIED' });
  });
});
