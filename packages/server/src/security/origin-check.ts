import type { FastifyRequest } from 'fastify';
import { ServerError } from '../errors.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Hosts that always mean this machine: a DNS-rebinding page cannot be served from one. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

/**
 * Refuses cross-site writes: an unsafe method whose `Origin` is not one of `PUBLIC_ORIGIN`, or that the
 * browser marks `Sec-Fetch-Site: cross-site`. Without `PUBLIC_ORIGIN` only the server's own host is
 * allowed, and only when it is a loopback host: `Host` is whatever name the browser used, and a
 * DNS-rebinding page controls that name. Requests without either header (server-to-server, CLI,
 * TCCC's data push) pass; browsers always send `Origin` on a POST.
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
    if (allowed.size > 0 ? allowed.has(url.origin) : url.host === req.host && isLoopbackHost(url.host))
      return;
    throw new ServerError('FORBIDDEN_ORIGIN');
  };
}
