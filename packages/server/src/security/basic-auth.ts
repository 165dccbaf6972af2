import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Constant-time check of an `Authorization: Basic …` header against the configured `user:password`
 * (both hashed first, so neither the length nor the content leaks through timing). Unset: refused.
 */
export function basicAuthMatches(header: string | undefined, expected: string | undefined): boolean {
  if (expected === undefined || header === undefined) return false;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'base64').toString('utf8');
  return timingSafeEqual(digest(given), digest(expected));
}
