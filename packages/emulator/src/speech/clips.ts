// The shipped speech clips (assets/speech.json + speech.adpcm), decoded once on first use.
import { readFileSync } from 'node:fs';
import { decodeImaAdpcm } from './ima-adpcm.js';
import type { PhraseId, Speaker } from './phrases.js';

export interface ClipIndex {
  sampleRate: number;
  encoding: 'ima-adpcm-4bit';
  clips: { id: string; speaker: Speaker; text: string; offset: number; bytes: number; samples: number }[];
}

/** Both from src/speech/ and dist/speech/, the assets are two levels up. */
const assets = new URL('../../assets/', import.meta.url);

let index: ClipIndex | undefined;
let decoded: Map<string, Int16Array> | undefined;

export function clipIndex(): ClipIndex {
  index ??= JSON.parse(readFileSync(new URL('speech.json', assets), 'utf8')) as ClipIndex;
  return index;
}

export const SAMPLE_RATE = 8000;

/** 16-bit samples of a phrase at 8 kHz. */
export function clipSamples(id: PhraseId): Int16Array {
  if (!decoded) {
    const data = readFileSync(new URL('speech.adpcm', assets));
    decoded = new Map(
      clipIndex().clips.map((c) => [
        c.id,
        decodeImaAdpcm(data.subarray(c.offset, c.offset + c.bytes), c.samples),
      ]),
    );
  }
  const samples = decoded.get(id);
  if (!samples) throw new Error(`no speech clip ${id}: regenerate assets/ (scripts/make-speech-clips.ts)`);
  return samples;
}

/** A phrase's spoken length in milliseconds, from the index alone. */
export function clipMs(id: PhraseId): number {
  const clip = clipIndex().clips.find((c) => c.id === id);
  if (!clip) throw new Error(`no speech clip ${id}: regenerate assets/ (scripts/make-speech-clips.ts)`);
  return Math.round((clip.samples * 1000) / clipIndex().sampleRate);
}
