import { z } from 'zod';
import { defaultSdkOrigins } from '../security/sdk-origins.js';
import { ConfigError, type Env, list, readArea, variable } from './env.js';
import type { Mode } from './tccc-config.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ListenerConfig {
  port: number;
  host: string;
  tls: { cert: string; key: string } | undefined;
  publicOrigins: string[];
  sdkOrigins: string[];
  logLevel: LogLevel;
  /** `LOG_FORMAT`: JSON lines, or readable ones for a terminal; `auto` picks by whether stdout is one. */
  logFormat: 'auto' | 'json' | 'pretty';
}

function origin(name: string, value: string): string {
  try {
    const u = new URL(value);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin === value.replace(/\/$/, ''))
      return u.origin;
  } catch {
    // reported below
  }
  throw new ConfigError(
    name,
    `each entry must be an origin like https://dialer.example.com (got "${value}")`,
  );
}

const listenerVariables = {
  PORT: variable(z.coerce.number().int().min(0).max(65535).default(3000), 'a TCP port 0-65535, e.g. 3000'),
  HOST: variable(z.string().min(1).default('127.0.0.1'), 'an address to bind, e.g. 127.0.0.1 or 0.0.0.0'),
  TLS_CERT: variable(z.string().optional(), 'the PEM certificate file'),
  TLS_KEY: variable(z.string().optional(), 'the PEM private key file'),
  PUBLIC_ORIGIN: variable(list, 'origins like https://dialer.example.com'),
  SDK_ORIGINS: variable(list, 'CSP sources like https://tccc.qcloud.com'),
  LOG_LEVEL: variable(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    'one of fatal, error, warn, info, debug, trace, silent',
  ),
  LOG_FORMAT: variable(z.enum(['auto', 'json', 'pretty']).default('auto'), 'one of auto, json, pretty'),
};

/** How the server listens and what browsers may load: port, TLS, public origins, the SDK's CSP sources, logs. */
export function listenerConfig(env: Env, mode: Mode, apiEndpoint: string): ListenerConfig {
  const v = readArea(env, listenerVariables);
  if ((v.TLS_CERT === undefined) !== (v.TLS_KEY === undefined))
    throw new ConfigError(
      v.TLS_CERT === undefined ? 'TLS_CERT' : 'TLS_KEY',
      'set both TLS_CERT and TLS_KEY (PEM file paths), or neither',
    );
  const sdkOrigins =
    v.SDK_ORIGINS.length > 0
      ? v.SDK_ORIGINS.map((o) => {
          if (!/^(https?|wss?):\/\/(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(o))
            throw new ConfigError(
              'SDK_ORIGINS',
              `each entry must be a CSP source like https://tccc.qcloud.com or https://*.rtc.qq.com (got "${o}")`,
            );
          return o;
        })
      : mode === 'cloud'
        ? defaultSdkOrigins(apiEndpoint)
        : [`http://${apiEndpoint}`];
  return {
    port: v.PORT,
    host: v.HOST,
    tls:
      v.TLS_CERT !== undefined && v.TLS_KEY !== undefined ? { cert: v.TLS_CERT, key: v.TLS_KEY } : undefined,
    publicOrigins: v.PUBLIC_ORIGIN.map((o) => origin('PUBLIC_ORIGIN', o)),
    sdkOrigins,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
  };
}
