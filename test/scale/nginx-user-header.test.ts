// The trusted user header (AUTH_MODE=header) through the shipped nginx site: a client's own
// X-Forwarded-User never reaches a replica, and the one the site sets from its authentication does.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerProcess, servicesAvailable } from '@tccc-dialer/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Nginx, nginxPorts, startNginx } from './nginx.js';
import { createScaleWorld, type ScaleWorld, startReplicas } from './support.js';

const available = await servicesAvailable('The nginx user header test', 'nginx', 'postgres', 'redis');

const proxyAddress = '127.0.0.2';
let world: ScaleWorld;
let replica: ServerProcess | undefined;
let shipped: Nginx | undefined;
let withAuth: Nginx | undefined;
let authServer: Server | undefined;
const authChecks: Array<string | undefined> = [];

/** The shipped site with its header-mode example applied: nginx asks an auth service who the user is. */
function headerModeSite(authPort: number) {
  return (site: string): string => {
    const edited = site
      .replace('        proxy_set_header X-Forwarded-User "";\n', '')
      .replace(/ {8}# {3}(auth_request|proxy_set_header X-Forwarded-User)/g, '        $1')
      .replace(
        '    location / {',
        [
          '    location = /oauth2/auth {',
          '        internal;',
          `        proxy_pass http://127.0.0.1:${authPort};`,
          '        proxy_pass_request_body off;',
          '        proxy_set_header Content-Length "";',
          '    }',
          '',
          '    location / {',
        ].join('\n'),
      );
    // The example must have applied: the site now sets the header from the auth service's answer.
    expect(edited).toMatch(/^ {8}auth_request \/oauth2\/auth;$/m);
    expect(edited).toMatch(/^ {8}proxy_set_header X-Forwarded-User \$auth_user;$/m);
    expect(edited).not.toContain('X-Forwarded-User ""');
    return edited;
  };
}

/** Straight to the replica from nginx's own address, as nginx would connect. */
function fromProxyAddress(path: string, headers: Record<string, string>): Promise<number> {
  const { port } = new URL(replica?.origin ?? '');
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, localAddress: proxyAddress, headers, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  if (!available) return;
  // The site's authentication: "Bearer agent1-token" is agent1, anything else is refused.
  authServer = createServer((req, res) => {
    authChecks.push(req.headers.authorization);
    if (req.headers.authorization === 'Bearer agent1-token') {
      res.writeHead(200, { 'x-auth-request-user': 'agent1' });
    } else res.writeHead(401);
    res.end();
  });
  await new Promise<void>((resolve) => authServer?.listen(0, '127.0.0.1', resolve));
  const authPort = (authServer.address() as AddressInfo).port;
  const [plainPorts, authPorts] = [await nginxPorts(), await nginxPorts()];
  world = await createScaleWorld({ agents: 2, qps: 20 });
  [replica] = await startReplicas(1, {
    ...world.env(),
    AUTH_MODE: 'header',
    AUTH_HEADER: 'x-forwarded-user',
    TRUST_PROXY: proxyAddress,
    PUBLIC_ORIGIN: `${plainPorts.origin},${authPorts.origin}`,
    CDR_SYNC_INTERVAL_SECONDS: '0',
  });
  const upstreams = [Number(new URL(replica?.origin ?? '').port)];
  shipped = await startNginx(plainPorts, { upstreams, proxyAddress });
  withAuth = await startNginx(authPorts, {
    upstreams,
    proxyAddress,
    edit: headerModeSite(authPort),
    probeHeaders: { authorization: 'Bearer agent1-token' },
  });
  authChecks.length = 0; // only the tests' own requests from here
}, 30_000);

afterAll(async () => {
  if (!available) return;
  await shipped?.stop();
  await withAuth?.stop();
  await replica?.stop();
  await world?.close();
  await new Promise((resolve) => authServer?.close(resolve));
});

describe.runIf(available)('the trusted user header through the shipped nginx site', () => {
  it('a replica believes the header from nginx’s address (the control for the tests below)', async () => {
    expect(await fromProxyAddress('/api/me', { 'x-forwarded-user': 'boss' })).toBe(200);
  });

  it('as shipped, nginx clears a client’s own X-Forwarded-User: nobody is signed in by it', async () => {
    const me = await shipped?.https('/api/me', { headers: { 'x-forwarded-user': 'boss' } });
    expect(me?.status).toBe(401);
    const signIn = await shipped?.https('/api/session', {
      method: 'POST',
      headers: { 'x-forwarded-user': 'boss', origin: shipped.origin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(signIn?.status).toBe(401);
    expect(JSON.parse(signIn?.body ?? '{}').error.code).toBe('INVALID_CREDENTIALS');
  });

  it('with the header-mode example, the user is the one nginx’s authentication names, never the client’s', async () => {
    const me = await withAuth?.https('/api/me', {
      headers: { 'x-forwarded-user': 'boss', authorization: 'Bearer agent1-token' },
    });
    expect(me?.status).toBe(200);
    expect(JSON.parse(me?.body ?? '{}').user).toMatchObject({ username: 'agent1', role: 'agent' });
    // Refused by the site's authentication: the client's header does not get it past nginx.
    const refused = await withAuth?.https('/api/me', { headers: { 'x-forwarded-user': 'boss' } });
    expect(refused?.status).toBe(401);
    expect(authChecks).toEqual(['Bearer agent1-token', undefined]);
  });
});
