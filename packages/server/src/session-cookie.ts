import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SessionPayload {
  username: string;
  exp: number;
}

/** Stateless AES-256-GCM cookie so any replica can read it. */
export function createSessionCodec(secret: string) {
  const key = createHash('sha256').update(`tccc-session:${secret}`).digest();
  return {
    seal(payload: SessionPayload): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(value: string, nowMs: number): SessionPayload | undefined {
      try {
        const raw = Buffer.from(value, 'base64url');
        if (raw.length < 29) return undefined;
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
        const parsed = JSON.parse(text) as Partial<SessionPayload>;
        if (typeof parsed.username !== 'string' || typeof parsed.exp !== 'number') return undefined;
        if (parsed.exp * 1000 <= nowMs) return undefined;
        return { username: parsed.username, exp: parsed.exp };
      } catch {
        return undefined;
      }
    },
  };
}
