// Who may drive the control API (/_emulator/*): tests, scripts and pages on this machine. A web page the
// developer happens to visit must not be able to reset the emulator, read its calls or redirect its push.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export type GuardVerdict = { ok: true; allowOrigin?: string } | { ok: false; refused: string };

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const bare = (hostname: string): string => hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** `localhost`, `*.localhost` (RFC 6761), 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = bare(hostname);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

/** An IP literal cannot be rebound to another address by DNS. */
const isIpLiteral = (hostname: string): boolean => isIP(bare(hostname)) !== 0;

const hostnameOf = (host: string): string => {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return '';
  }
};

/**
 * An `Origin` must be a loopback page, or the emulator's own origin when it is reached by IP address. Without
 * an `Origin`, a browser's `Sec-Fetch-Site: cross-site` is refused, and so is a browser request naming a host
 * that is neither loopback nor an IP literal (a DNS-rebinding page talks to us under its own name).
 * Requests from tests and servers carry neither header and pass.
 */
export function checkControlRequest(req: IncomingMessage): GuardVerdict {
  const origin = header(req, 'origin');
  const site = header(req, 'sec-fetch-site');
  const host = header(req, 'host') ?? '';
  if (origin !== undefined) {
    let url: URL | undefined;
    try {
      url = origin === 'null' ? undefined : new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url) return { ok: false, refused: `a request with the opaque origin "${origin}"` };
    if (isLoopbackHost(url.hostname)) return { ok: true, allowOrigin: url.origin };
    if (url.host === host && isIpLiteral(url.hostname)) return { ok: true, allowOrigin: url.origin };
    return { ok: false, refused: `a request from ${url.origin}` };
  }
  if (site === 'cross-site') return { ok: false, refused: 'a cross-site request' };
  const name = hostnameOf(host);
  if (site !== undefined && !isLoopbackHost(name) && !isIpLiteral(name))
    return { ok: false, refused: `a browser request for the host ${host}` };
  return { ok: true };
}

export const foreignOriginError = (refused: string) => ({
  error: {
    code: 'FOREIGN_ORIGIN',
    message: `The emulator's control API answers only tests, scripts and pages on this machine; it refused ${refused}.`,
  },
});
