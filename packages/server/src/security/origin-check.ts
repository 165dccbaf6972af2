import type { FastifyRequest } from 'fastify';
import { ServerError } from '../errors.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses cross-site writes: an unsafe method whose `Origin` is neither the server's own host nor one of
 * `PUBLIC_ORIGIN`, or that the browser marks `Sec-Fetch-Site: cross-site`. Requests without either
 * header (server-to-server, CLI, TCCC's data push) pass; browsers always send `Origin` on a POST.
 */
export function createOriginCheck(publicOrigins: string[]) {
  const allowed = new Set(publicOrigins);
  return async (req: FastifyRequest): Promise<void> => {
    if (safeMethods.has(req.method)) return;
    if (req.headers['sec-fetch-site'] === 'cross-site') throw new ServerError('FORBIDDEN_ORIGIN');
    const origin = req.headers.origin;
    if (origin === undefined) return;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ServerError('FORBIDDEN_ORIGIN');
    }
    if (allowed.size > 0 ? allowed.has(url.origin) : url.host === req.host) return;
    throw new ServerError('FORBIDDEN_ORIGIN');
  };
}
