import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import pretty from 'pino-pretty';
import type { UpstreamAttempt } from './upstream/client.js';

export type { LogLevel } from './config/listener-config.js';

import type { LogLevel } from './config/listener-config.js';

export interface LogOptions {
  level?: LogLevel;
  /** Where lines go (default stdout); tests pass a capture. */
  stream?: { write(line: string): void };
  /** Readable lines for a person at a terminal instead of JSON (which files and log shippers get). */
  pretty?: boolean;
}

/**
 * The path as logged: without the query string, and a route whose path holds a phone number
 * (`DELETE /api/dnc/:phone`) as its pattern, so no customer's number reaches a log line.
 */
function loggedPath(req: FastifyRequest): string {
  const pattern = req.routeOptions?.url;
  if (pattern?.includes(':phone')) return pattern;
  return (
    String(req.url ?? '')
      .split('?')[0]
      ?.slice(0, 256) ?? ''
  );
}

/**
 * pino options for Fastify. Requests are logged as method + path only (the query string is dropped: it
 * could carry anything), and anything that might hold a secret is censored by path, so no SecretKey,
 * token, SDK URL, password or cookie reaches a log line even if a future call site logs it by mistake.
 */
export function loggerOptions(options: LogOptions) {
  return {
    level: options.level ?? 'info',
    ...(options.stream !== undefined
      ? { stream: options.stream }
      : options.pretty === true
        ? { stream: pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId' }) }
        : {}),
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'password',
        '*.password',
        'secretKey',
        '*.secretKey',
        'sdkUrl',
        '*.sdkUrl',
        'token',
        '*.token',
        'cookie',
        '*.cookie',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(req: FastifyRequest) {
        return {
          method: String(req.method),
          // The client's address (behind a proxy listed in TRUST_PROXY: from X-Forwarded-For).
          remoteAddress: req.ip,
          url: loggedPath(req),
        };
      },
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode };
      },
    },
  };
}

/** One line per upstream attempt: action, attempt number, outcome, timing, TCCC's code and RequestId. */
export function logUpstreamAttempt(log: FastifyBaseLogger, a: UpstreamAttempt): void {
  const line = `upstream ${a.action} ${a.outcome}`;
  if (a.outcome === 'ok') log.debug({ upstream: a }, line);
  else log.warn({ upstream: a }, line);
}
