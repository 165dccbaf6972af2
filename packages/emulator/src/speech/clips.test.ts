// The shipped clips: one per phrase, made from the same text, short, audible, and small in all.
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clipIndex, clipMs, clipSamples } from './clips.js';
import { PHRASES } from './phrases.js';

describe('speech clips in assets/', () => {
  it('hold one clip per phrase, made from its text and speaker (regenerate them when a phrase changes)', () => {
    expect(clipIndex().clips.map((c) => [c.id, c.speaker, c.text])).toEqual(
      PHRASES.map((p) => [p.id, p.speaker, p.text]),
    );
    expect(clipIndex()).toMatchObject({ sampleRate: 8000, encoding: 'ima-adpcm-4bit' });
  });

  it('are a few hundred KB at most', () => {
    const size = statSync(new URL('../../assets/speech.adpcm', import.meta.url)).size;
    expect(size).toBe(clipIndex().clips.reduce((a, c) => a + c.bytes, 0));
    expect(size).toBeLessThan(300 * 1024);
  });

  it.each(PHRASES.map((p) => [p.id, p.text] as const))('%s is a second or more of speech (%s)', (id) => {
    const samples = clipSamples(id);
    expect(clipMs(id)).toBeGreaterThan(800);
    expect(clipMs(id)).toBeLessThan(6000);
    const rms = Math.sqrt(samples.reduce((a, x) => a + x * x, 0) / samples.length);
    expect(rms).toBeGreaterThan(1000);
  });
});
