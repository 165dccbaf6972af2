// The clip codec: what is encoded decodes back close to the original, two samples a byte.
import { describe, expect, it } from 'vitest';
import { decodeImaAdpcm, encodeImaAdpcm } from './ima-adpcm.js';

const snrDb = (a: Int16Array, b: Int16Array): number => {
  let signal = 0;
  let noise = 0;
  a.forEach((x, i) => {
    signal += x * x;
    noise += (x - (b[i] as number)) ** 2;
  });
  return 10 * Math.log10(signal / noise);
};

describe('IMA ADPCM', () => {
  it('round-trips a sweep across the telephone band at over 15 dB SNR in a quarter of the bytes', () => {
    const n = 8000;
    const sweep = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      const f = 300 + (3100 * i) / n;
      sweep[i] = Math.round(12000 * Math.sin((2 * Math.PI * f * i) / 8000));
    }
    const encoded = encodeImaAdpcm(sweep);
    expect(encoded.length).toBe(n / 2);
    expect(snrDb(sweep, decodeImaAdpcm(encoded, n))).toBeGreaterThan(15);
  });

  it('decodes silence as silence and an odd sample count to the last sample', () => {
    expect([...decodeImaAdpcm(encodeImaAdpcm(new Int16Array(5)), 5)]).toEqual([0, 0, 0, 0, 0]);
    const odd = Int16Array.from([0, 400, 800, 1200, 1600]);
    expect(encodeImaAdpcm(odd).length).toBe(3);
    expect(decodeImaAdpcm(encodeImaAdpcm(odd), 5)).toHaveLength(5);
  });
});
