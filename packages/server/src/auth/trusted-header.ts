import type { IncomingMessage } from 'node:http';
import { isIPv4 } from 'node:net';
import { trustedProxyList } from '../config/load-config.js';

export interface TrustedHeader {
  /** The username the proxy asserts, only when the direct peer is a trusted proxy. */
  identify(req: IncomingMessage): string | undefined;
}

/**
 * `AUTH_MODE=header`: a reverse proxy that authenticated the user names them in a header. The header is
 * believed only from a `TRUST_PROXY` address (the TCP peer, never a forwarded-for value), because
 * anyone else could send it.
 */
export function createTrustedHeader(header: string, trustProxy: string[]): TrustedHeader {
  const trusted = trustedProxyList(trustProxy);
  return {
    identify(req) {
      let peer = req.socket.remoteAddress ?? '';
      if (peer.startsWith('::ffff:') && isIPv4(peer.slice(7))) peer = peer.slice(7);
      if (peer === '' || !trusted.check(peer, isIPv4(peer) ? 'ipv4' : 'ipv6')) return undefined;
      const value = req.headers[header];
      const name = Array.isArray(value) ? undefined : value?.trim();
      return name === undefined || name === '' || name.length > 256 ? undefined : name;
    },
  };
}
