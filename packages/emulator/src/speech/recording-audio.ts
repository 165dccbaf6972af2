// A call's recordings, assembled from the speech clips: every transcript line is audible at its offset,
// silence between. One timeline for all of a call's recordings, starting at its AcceptTimestamp (whole
// seconds), so `Start - AcceptTimestamp * 1000` is where a line plays in any of them.
import { clipSamples, SAMPLE_RATE } from './clips.js';
import type { Conversation, Line } from './conversation.js';

/** Both sides; the customer alone; or one seat (its `ServeParticipant.Sequence`) alone. */
export type Channel = { kind: 'mixed' } | { kind: 'customer' } | { kind: 'seat'; sequence: number };

/** Longer calls are cut here: an hour of 8 kHz audio is already 57 MB. */
const MAX_MS = 3_600_000;

const heard = (line: Line, channel: Channel): boolean =>
  channel.kind === 'mixed' ||
  (channel.kind === 'customer' ? line.speaker === 'customer' : line.sequence === channel.sequence);

export function recordingWav(c: Conversation, channel: Channel): Buffer {
  const ms = Math.min(Math.max(0, c.recordingEnd - c.recordingStart), MAX_MS);
  const samples = new Int16Array(Math.round((ms * SAMPLE_RATE) / 1000));
  for (const line of c.lines) {
    if (!heard(line, channel)) continue;
    const clip = clipSamples(line.phrase);
    const at = Math.round(((line.start - c.recordingStart) * SAMPLE_RATE) / 1000);
    for (let i = 0; i < clip.length && at + i < samples.length; i++) {
      const mixed = (samples[at + i] as number) + (clip[i] as number);
      samples[at + i] = Math.min(Math.max(mixed, -32768), 32767);
    }
  }
  return wav(samples);
}

/** 16-bit mono PCM in a RIFF/WAVE container: plays in every browser. */
function wav(samples: Int16Array): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
