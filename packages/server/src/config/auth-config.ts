import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError, type Env, list, readArea, variable } from './env.js';

export type AuthConfig =
  | { mode: 'local' }
  | { mode: 'oidc'; issuer: string; audience: string; jwksUrl: string; usernameClaim: string }
  | { mode: 'header'; header: string };

/** Parses TRUST_PROXY entries into a BlockList (addresses and CIDRs), or throws naming the bad entry. */
export function trustedProxyList(entries: string[]): BlockList {
  const block = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new ConfigError('TRUST_PROXY', `"${entry}" is not an IP address or CIDR`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) block.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32))
        throw new ConfigError('TRUST_PROXY', `"${entry}" has a bad prefix length`);
      block.addSubnet(address, prefix, type);
    }
  }
  return block;
}

const modeVariables = {
  AUTH_MODE: variable(
    z.enum(['local', 'oidc', 'header']).default('local'),
    'use "local", "oidc" or "header"',
  ),
  TRUST_PROXY: variable(list, 'addresses or CIDRs of your reverse proxies, e.g. 10.0.0.5,10.1.0.0/16'),
};

const oidcVariables = {
  OIDC_ISSUER: variable(z.url(), 'the issuer URL of your identity provider (the "iss" of its tokens)'),
  OIDC_AUDIENCE: variable(z.string().min(1), 'the audience ("aud") your tokens are issued for'),
  OIDC_JWKS_URL: variable(z.url(), "the jwks_uri from the issuer's /.well-known/openid-configuration"),
  OIDC_USERNAME_CLAIM: variable(
    z.string().min(1).default('preferred_username'),
    'the claim that holds the username',
  ),
};

const headerVariables = {
  AUTH_HEADER: variable(
    z
      .string()
      .regex(/^[A-Za-z0-9-]+$/)
      .default('x-forwarded-user'),
    'a header name like x-forwarded-user',
  ),
};

/** How people prove who they are (local passwords, an OIDC token, a trusted proxy's header) and which proxies to believe. */
export function authConfig(env: Env): { auth: AuthConfig; trustProxy: string[] } {
  const { AUTH_MODE: mode, TRUST_PROXY: trustProxy } = readArea(env, modeVariables);
  trustedProxyList(trustProxy);
  if (mode === 'oidc') {
    const o = readArea(env, oidcVariables);
    return {
      auth: {
        mode,
        issuer: o.OIDC_ISSUER,
        audience: o.OIDC_AUDIENCE,
        jwksUrl: o.OIDC_JWKS_URL,
        usernameClaim: o.OIDC_USERNAME_CLAIM,
      },
      trustProxy,
    };
  }
  if (mode === 'header') {
    if (trustProxy.length === 0)
      throw new ConfigError(
        'TRUST_PROXY',
        'AUTH_MODE=header needs the proxy addresses whose header is believed, e.g. 10.0.0.5,10.1.0.0/16',
      );
    return { auth: { mode, header: readArea(env, headerVariables).AUTH_HEADER.toLowerCase() }, trustProxy };
  }
  return { auth: { mode: 'local' }, trustProxy };
}
