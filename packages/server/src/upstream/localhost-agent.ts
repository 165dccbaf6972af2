import { lookup as dnsLookup } from 'node:dns';
import { Agent } from 'node:http';

/**
 * Keep-alive HTTP agent that resolves `localhost` and `*.localhost` to loopback itself (RFC 6761): the
 * emulator's host must start with `ccc.` (the signature's service name), and system resolvers often do
 * not resolve `ccc.localhost`.
 */
export function createLocalhostAgent(): Agent {
  return new Agent({
    keepAlive: true,
    lookup: ((host: string, opts: object, cb: (...args: unknown[]) => void) => {
      if (host === 'localhost' || host.endsWith('.localhost')) {
        if ((opts as { all?: boolean }).all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
        else cb(null, '127.0.0.1', 4);
        return;
      }
      dnsLookup(host, opts, cb as never);
    }) as never,
  });
}
