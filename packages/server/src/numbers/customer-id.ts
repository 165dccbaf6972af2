import { randomInt } from 'node:crypto';

/** Crockford's base32 without I, L, O and U: nothing to confuse when an ID is read aloud. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new customer ID: `C` and nine random characters (45 bits), e.g. `C7K2XQ9D4T`. Random, so nothing
 * about the number can be read from it; the `C` keeps it from ever looking like a phone number.
 */
export function newCustomerId(): string {
  let id = 'C';
  for (let i = 0; i < 9; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

/** What a customer ID looks like (checked before any lookup). */
export const customerIdPattern = /^C[0-9A-HJKMNP-TV-Z]{9}$/;
