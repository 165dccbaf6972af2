// IMA ADPCM, 4 bits a sample: how the speech clips are stored (a quarter of 16-bit PCM, and simple enough to
// decode here, so the emulator needs no codec). Two samples a byte, low nibble first; each clip starts from
// predictor 0, step index 0.

const STEPS = [
  7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66, 73, 80, 88, 97,
  107, 118, 130, 143, 157, 173, 190, 209, 230, 253, 279, 307, 337, 371, 408, 449, 494, 544, 598, 658, 724,
  796, 876, 963, 1060, 1166, 1282, 1411, 1552, 1707, 1878, 2066, 2272, 2499, 2749, 3024, 3327, 3660, 4026,
  4428, 4871, 5358, 5894, 6484, 7132, 7845, 8630, 9493, 10442, 11487, 12635, 13899, 15289, 16818, 18500,
  20350, 22385, 24623, 27086, 29794, 32767,
];
const INDEX_SHIFT = [-1, -1, -1, -1, 2, 4, 6, 8];

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

interface State {
  predictor: number;
  index: number;
}

/** Applies one code to the state, as encoder and decoder both must; returns the new sample. */
function step(state: State, code: number): number {
  const s = STEPS[state.index] as number;
  let diff = s >> 3;
  if (code & 4) diff += s;
  if (code & 2) diff += s >> 1;
  if (code & 1) diff += s >> 2;
  state.predictor = clamp(state.predictor + (code & 8 ? -diff : diff), -32768, 32767);
  state.index = clamp(state.index + (INDEX_SHIFT[code & 7] as number), 0, 88);
  return state.predictor;
}

export function encodeImaAdpcm(samples: Int16Array): Buffer {
  const out = Buffer.alloc(Math.ceil(samples.length / 2));
  const state: State = { predictor: 0, index: 0 };
  for (let i = 0; i < samples.length; i++) {
    const s = STEPS[state.index] as number;
    let diff = (samples[i] as number) - state.predictor;
    let code = 0;
    if (diff < 0) {
      code = 8;
      diff = -diff;
    }
    if (diff >= s) {
      code |= 4;
      diff -= s;
    }
    if (diff >= s >> 1) {
      code |= 2;
      diff -= s >> 1;
    }
    if (diff >= s >> 2) code |= 1;
    step(state, code);
    const byte = i >> 1;
    out[byte] = (out[byte] as number) | (i & 1 ? code << 4 : code);
  }
  return out;
}

export function decodeImaAdpcm(data: Uint8Array, sampleCount: number): Int16Array {
  const out = new Int16Array(sampleCount);
  const state: State = { predictor: 0, index: 0 };
  for (let i = 0; i < sampleCount; i++) {
    const byte = data[i >> 1] as number;
    out[i] = step(state, i & 1 ? byte >> 4 : byte & 15);
  }
  return out;
}
