// Makes the speech clips in assets/ once, from src/speech/phrases.ts, so the emulator needs no speech engine
// at run time. Needs Debian's espeak-ng and sox (apt-get install -y espeak-ng sox). Run from the repo root:
//   node --import tsx packages/emulator/scripts/make-speech-clips.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeImaAdpcm } from '../src/speech/ima-adpcm.js';
import { PHRASES, type Speaker } from '../src/speech/phrases.js';

const SAMPLE_RATE = 8000;
/** Two voices a listener tells apart: a higher female one for the agents, a lower male one for customers. */
const VOICES: Record<Speaker, string[]> = {
  agent: ['-v', 'cmn+f3', '-s', '220', '-p', '60'],
  customer: ['-v', 'cmn+m3', '-s', '210', '-p', '35'],
};

const assets = fileURLToPath(new URL('../assets/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'speech-clips-'));
const clips: {
  id: string;
  speaker: Speaker;
  text: string;
  offset: number;
  bytes: number;
  samples: number;
}[] = [];
const chunks: Buffer[] = [];
let offset = 0;
try {
  for (const p of PHRASES) {
    const raw = join(work, `${p.id}.wav`);
    const pcm = join(work, `${p.id}.raw`);
    execFileSync('espeak-ng', [...VOICES[p.speaker], '-w', raw, p.text]);
    // Telephone quality: 8 kHz mono, the 300–3400 Hz band, silence trimmed at both ends, level evened out.
    const output = [
      '-r',
      String(SAMPLE_RATE),
      '-c',
      '1',
      '-b',
      '16',
      '-e',
      'signed-integer',
      '-t',
      'raw',
      pcm,
    ];
    const trim = ['silence', '1', '0.02', '0.5%'];
    // -D: no dither, so the clips come out the same on every run.
    execFileSync('sox', [
      '-D',
      raw,
      ...output,
      'sinc',
      '300-3400',
      ...trim,
      'reverse',
      ...trim,
      'reverse',
      'norm',
      '-3',
    ]);
    const bytes = readFileSync(pcm);
    const samples = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
    const encoded = encodeImaAdpcm(samples);
    clips.push({
      id: p.id,
      speaker: p.speaker,
      text: p.text,
      offset,
      bytes: encoded.length,
      samples: samples.length,
    });
    chunks.push(encoded);
    offset += encoded.length;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(join(assets, 'speech.adpcm'), Buffer.concat(chunks));
writeFileSync(
  join(assets, 'speech.json'),
  `${JSON.stringify({ sampleRate: SAMPLE_RATE, encoding: 'ima-adpcm-4bit', clips }, null, 2)}\n`,
);
const seconds = clips.reduce((a, c) => a + c.samples, 0) / SAMPLE_RATE;
console.log(`${clips.length} clips, ${seconds.toFixed(1)} s of speech, ${offset} bytes`);
