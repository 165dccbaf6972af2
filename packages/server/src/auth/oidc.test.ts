// AUTH_MODE=oidc against a real JWKS endpoint served over HTTP.
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../test-support/harness.js';

let jwksServer: Server;
let jwksUrl: string;
let h: Harness;
const issuer = 'https://id.example.com';
const audience = 'tccc-dialer';
const keys = await generateKeyPair('RS256');
const strangerKeys = await generateKeyPair('RS256');

beforeAll(async () => {
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwksServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as { port: number }).port}/jwks`;
  h = await startHarness({
    app: { auth: { mode: 'oidc', issuer, audience, jwksUrl, usernameClaim: 'preferred_username' } },
  });
});
afterAll(async () => {
  await h.close();
  await new Promise((r) => jwksServer.close(r));
});

function token(
  claims: Record<string, unknown>,
  options: {
    key?: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
    iss?: string;
    aud?: string;
    exp?: string;
  } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '5m')
    .sign(options.key ?? keys.privateKey);
}

const signIn = async (bearer: string) =>
  h.app.inject({ method: 'POST', url: '/api/session', headers: { authorization: `Bearer ${bearer}` } });

describe('oidc sign-in', () => {
  it('signs in with a valid token whose claim names an existing user, and issues the session cookie', async () => {
    const res = await signIn(await token({ preferred_username: 'agent2' }));
    expect(res.statusCode).toBe(200);
    expect(res.json().user.username).toBe('agent2');
    const cookie = res.cookies.find((c) => c.name === 'tccc_session')?.value ?? '';
    const url = await h.sdkUrl({ tccc_session: cookie });
    expect(new URL(url.json().sdkUrl).searchParams.get('userid')).toBe('agent2@example.com');
  });

  it('accepts the bearer token on API calls directly', async () => {
    const me = await h.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${await token({ preferred_username: 'agent' })}` },
    });
    expect(me.json().user.username).toBe('agent');
  });

  it('refuses forged, expired, wrong-issuer and wrong-audience tokens (INVALID_CREDENTIALS)', async () => {
    const bad = [
      await token({ preferred_username: 'agent' }, { key: strangerKeys.privateKey }),
      await token({ preferred_username: 'agent' }, { exp: '-1m' }),
      await token({ preferred_username: 'agent' }, { iss: 'https://evil.example.com' }),
      await token({ preferred_username: 'agent' }, { aud: 'another-app' }),
      await token({ email: 'agent@example.com' }),
      'not.a.jwt',
    ];
    for (const t of bad) {
      const res = await signIn(t);
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
      // On other routes a bad token is simply no session.
      const url = await h.sdkUrl({}, { headers: { authorization: `Bearer ${t}` } });
      expect([url.statusCode, url.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    expect((await h.app.inject({ method: 'POST', url: '/api/session' })).json().error.code).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it("caps the session at the token's exp, and refuses a token without exp", async () => {
    const res = await signIn(await token({ preferred_username: 'agent' }, { exp: '90s' }));
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'tccc_session');
    // SESSION_TTL_HOURS is 12 here: the cookie (and the session behind it) ends with the token.
    expect(cookie?.maxAge).toBeLessThanOrEqual(90);
    expect(cookie?.maxAge).toBeGreaterThan(80);
    const later = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      cookies: { tccc_session: cookie?.value ?? '' },
    });
    // Renewing with the cookie alone keeps the token's end.
    expect(later.cookies.find((c) => c.name === 'tccc_session')?.maxAge).toBeLessThanOrEqual(90);

    const noExp = await new SignJWT({ preferred_username: 'agent' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .sign(keys.privateKey);
    const refused = await signIn(noExp);
    expect([refused.statusCode, refused.json().error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
  });

  it('tells a valid identity without a dialer user that it is not set up (ACCOUNT_NOT_FOUND)', async () => {
    const res = await signIn(await token({ preferred_username: 'stranger' }));
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'ACCOUNT_NOT_FOUND']);
  });
});
