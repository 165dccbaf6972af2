import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface SessionPayload {
  /** The server-side session (`sessions` table) this cookie stands for. */
  sid: string;
  username: string;
  /** Expiry, Unix seconds. */
  exp: number;
}

export interface OpenedSession extends SessionPayload {
  /** True when sealed with the previous key: the caller should re-seal it with the current one. */
  stale: boolean;
}

export interface SessionCodec {
  seal(payload: SessionPayload): string;
  open(value: string, nowMs: number): OpenedSession | undefined;
}

const VERSION = 'v1';

function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'tccc-dialer', 'session-cookie v1', 32));
}

function tryOpen(key: Buffer, raw: Buffer): unknown {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * AES-256-GCM cookies (encrypted and authenticated) naming a server-side session, so any replica can
 * read them and none can be altered. Key rotation: new cookies are sealed with `secret`; cookies sealed with
 * `previousSecret` still open until they expire or are re-sealed.
 */
export function createSessionCodec(secret: string, previousSecret?: string): SessionCodec {
  const keys = [deriveKey(secret), ...(previousSecret === undefined ? [] : [deriveKey(previousSecret)])];
  return {
    seal(payload) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys[0] as Buffer, iv);
      const body = Buffer.concat([
        cipher.update(JSON.stringify({ s: payload.sid, u: payload.username, e: payload.exp }), 'utf8'),
        cipher.final(),
      ]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(value, nowMs) {
      if (!value.startsWith(`${VERSION}.`) || value.length > 4096) return undefined;
      const raw = Buffer.from(value.slice(VERSION.length + 1), 'base64url');
      if (raw.length < 29) return undefined;
      for (const [index, key] of keys.entries()) {
        const parsed = tryOpen(key, raw) as { s?: unknown; u?: unknown; e?: unknown } | undefined;
        if (parsed === undefined) continue;
        // A cookie without a session id predates server-side sessions: it cannot be ended, so it is refused.
        if (typeof parsed.s !== 'string' || typeof parsed.u !== 'string' || typeof parsed.e !== 'number')
          return undefined;
        if (parsed.e * 1000 <= nowMs) return undefined;
        return { sid: parsed.s, username: parsed.u, exp: parsed.e, stale: index > 0 };
      }
      return undefined;
    },
  };
}
