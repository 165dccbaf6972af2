/** Words that mark a placeholder or a person's choice rather than a generated key. */
const placeholders = ['changeme', 'change-me', 'password', 'example', 'tccc-demo'];

/**
 * Why a session key is too guessable, or undefined when it looks generated: at least 32 characters,
 * not a repeated pattern or a placeholder, and about 100 bits by its character statistics (a random
 * `openssl rand -hex 32` scores about 240; 32 hex characters about 115).
 */
export function weakSecretReason(secret: string): string | undefined {
  if (secret.length < 32) return 'must be at least 32 characters';
  const lower = secret.toLowerCase();
  if (placeholders.some((w) => lower.includes(w))) return 'looks like a placeholder, not a generated key';
  // A repetition of a shorter string ("abcabcabc…") is no stronger than that string.
  if ((secret + secret).indexOf(secret, 1) < secret.length) return 'is a repeated pattern';
  const counts = new Map<string, number>();
  for (const c of secret) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bitsPerChar = 0;
  for (const n of counts.values()) bitsPerChar -= (n / secret.length) * Math.log2(n / secret.length);
  if (counts.size < 10 || bitsPerChar * secret.length < 100) return 'has too little randomness';
  return undefined;
}
