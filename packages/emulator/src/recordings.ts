// Call recordings: signed, expiring URLs served by the emulator itself, as TCCC's storage would.
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
