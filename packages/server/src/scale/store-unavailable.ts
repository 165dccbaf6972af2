import { ServerError } from '../errors.js';

/**
 * Errors meaning "the database cannot be reached right now" rather than "this request is wrong":
 * socket failures and PostgreSQL's connection-class states (08xxx; 57P01-57P03 shutdown/starting;
 * 53300 too many connections). SQLite, a local file, has none of these.
 */
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const postgresStates = new Set(['57P01', '57P02', '57P03', '53300']);
const postgresMessages = [/Connection terminated/i, /timeout exceeded when trying to connect/i];

function unreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (socketCodes.has(code) || postgresStates.has(code) || code.startsWith('08'))
    )
      return true;
    if (typeof message === 'string' && postgresMessages.some((m) => m.test(message))) return true;
    if (e instanceof AggregateError && e.errors.some(unreachable)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** `ServerError('STORE_UNAVAILABLE')` (503) for an unreachable database, else undefined. */
export function storeUnavailable(error: unknown): ServerError | undefined {
  return unreachable(error)
    ? new ServerError('STORE_UNAVAILABLE', { cause: error, retryAfterSeconds: 2 })
    : undefined;
}
