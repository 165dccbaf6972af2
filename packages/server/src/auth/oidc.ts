import { createRemoteJWKSet, jwtVerify } from 'jose';
import { ServerError } from '../errors.js';

export interface OidcOptions {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** The claim naming the user (matched against `tccc-dialer agents` usernames). */
  usernameClaim: string;
}

export interface VerifiedToken {
  username: string;
  /** The token's `exp`, Unix seconds: no session it opens outlives it. */
  exp: number;
}

export interface OidcVerifier {
  /** The user a valid bearer token names; throws INVALID_CREDENTIALS otherwise (also without `exp`). */
  verify(token: string): Promise<VerifiedToken>;
}

/** Verifies bearer JWTs against the issuer's JWKS (fetched and cached by `jose`, refreshed on unknown `kid`). */
export function createOidcVerifier(options: OidcOptions): OidcVerifier {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
    timeoutDuration: 5000,
    cooldownDuration: 30_000,
  });
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: options.issuer,
          audience: options.audience,
          clockTolerance: 30,
          requiredClaims: ['exp'],
        });
        const name = payload[options.usernameClaim];
        if (typeof name !== 'string' || name === '')
          throw new Error(`claim ${options.usernameClaim} missing`);
        if (typeof payload.exp !== 'number') throw new Error('exp missing');
        return { username: name, exp: payload.exp };
      } catch (error) {
        throw new ServerError('INVALID_CREDENTIALS', { cause: error });
      }
    },
  };
}

/** The token of an `Authorization: Bearer …` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header ?? '');
  return m?.[1];
}
