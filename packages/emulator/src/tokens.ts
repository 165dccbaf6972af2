// SDK login tokens minted by CreateSDKLoginToken: 10 minutes, single use (reference §2.1).
import { randomBytes } from 'node:crypto';

export const TOKEN_LIFETIME_SECONDS = 600;

interface TokenRecord {
  seatUserId: string;
  expiresAtMs: number;
  onlyOnce: boolean;
  used: boolean;
}

export type TokenCheck = { ok: true; seatUserId: string } | { ok: false; reason: string };

export class TokenStore {
  private tokens = new Map<string, TokenRecord>();

  constructor(
    private readonly now: () => number,
    private readonly lifetimeSeconds = TOKEN_LIFETIME_SECONDS,
  ) {}

  /** `onlyOnce` defaults to true: the docs say an SdkURL is used once; `OnlyOnce: false` allows reuse. */
  mint(seatUserId: string, onlyOnce: boolean): { token: string; expiredTime: number } {
    const token = randomBytes(24).toString('hex');
    const expiredTime = Math.floor(this.now() / 1000) + this.lifetimeSeconds;
    this.tokens.set(token, { seatUserId, expiresAtMs: expiredTime * 1000, onlyOnce, used: false });
    return { token, expiredTime };
  }

  /** Logs a browser in with the token, consuming it when it is single-use. */
  redeem(token: string): TokenCheck {
    const t = this.tokens.get(token);
    if (!t) return { ok: false, reason: 'token is unknown' };
    if (t.expiresAtMs <= this.now()) return { ok: false, reason: 'token has expired' };
    if (t.used) return { ok: false, reason: 'token has already been used' };
    if (t.onlyOnce) t.used = true;
    return { ok: true, seatUserId: t.seatUserId };
  }

  reset(): void {
    this.tokens.clear();
  }
}
