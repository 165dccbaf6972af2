// Call recordings: signed, expiring URLs served by the emulator itself (a short WAV tone per call).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class Recordings {
  private readonly key = randomBytes(32);

  constructor(
    private readonly baseUrl: () => string,
    private readonly now: () => number,
  ) {}

  /** A URL that works for `ttlSeconds` (DescribeSessionDetail: short-lived; CDR lists: the 3-month storage). */
  url(recordId: string, ttlSeconds: number): string {
    const expires = Math.floor(this.now() / 1000) + ttlSeconds;
    return `${this.baseUrl()}/_emulator/records/${recordId}.wav?expires=${expires}&sign=${this.sign(recordId, expires)}`;
  }

  /** `ok`, or why the link is refused. */
  check(recordId: string, expires: string | null, sign: string | null): 'ok' | 'expired' | 'bad-signature' {
    const exp = Number(expires);
    if (!Number.isInteger(exp) || !sign) return 'bad-signature';
    const expected = Buffer.from(this.sign(recordId, exp));
    const given = Buffer.from(sign);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad-signature';
    return exp * 1000 < this.now() ? 'expired' : 'ok';
  }

  private sign(recordId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${recordId}:${expires}`).digest('hex');
  }
}

/** One second of a 440 Hz tone, 8 kHz mono 16-bit PCM: small, and plays in any browser. */
export function toneWav(): Buffer {
  const rate = 8000;
  const samples = rate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
