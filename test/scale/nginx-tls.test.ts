// deploy/nginx/tccc-dialer.conf run by Debian's nginx (a child process of its own, own prefix, spare
// ports) with a self-signed certificate made here, in front of two replicas: HTTPS end to end, a
// Secure sign-in cookie that works on either replica, X-Forwarded-* believed only from TRUST_PROXY.
import { freePort, type ServerProcess, servicesAvailable } from '@tccc-dialer/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Nginx, nginxPorts, startNginx } from './nginx.js';
import { createScaleWorld, password, type ScaleWorld, startReplicas } from './support.js';

const available = await servicesAvailable('The nginx TLS test', 'nginx', 'postgres', 'redis');

// nginx reaches the replicas from this address; the test's own requests come from 127.0.0.1.
const proxyAddress = '127.0.0.2';
let world: ScaleWorld;
let replicas: ServerProcess[] = [];
let nginx: Nginx | undefined;
let httpsPort = 0;
let httpPort = 0;
const https: Nginx['https'] = (path, o) => {
  if (nginx === undefined) throw new Error('nginx is not running');
  return nginx.https(path, o);
};

beforeAll(async () => {
  if (!available) return;
  const ports = await nginxPorts();
  ({ httpsPort, httpPort } = ports);
  world = await createScaleWorld({ agents: 2, qps: 20 });
  replicas = await startReplicas(2, {
    ...world.env(),
    TRUST_PROXY: proxyAddress,
    PUBLIC_ORIGIN: ports.origin,
    CDR_SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'info',
  });
  nginx = await startNginx(ports, {
    upstreams: replicas.map((r) => Number(new URL(r.origin).port)),
    proxyAddress,
  });
}, 30_000);

afterAll(async () => {
  if (!available) return;
  await nginx?.stop();
  await Promise.all(replicas.map((r) => r.stop()));
  await world?.close();
});

/** Request log lines of one replica for `url`, with the client address it believed. */
function seenBy(replica: ServerProcess | undefined, url: string): string[] {
  return (replica?.output() ?? '')
    .split('\n')
    .filter((line) => line.includes(`"url":"${url}"`) && line.includes('incoming request'))
    .map((line) => (JSON.parse(line) as { req: { remoteAddress: string } }).req.remoteAddress);
}

describe.runIf(available)('nginx terminating TLS in front of two replicas', () => {
  it('serves HTTPS, redirects plain HTTP, and /readyz answers through it', async () => {
    expect((await https('/readyz')).status).toBe(200);
    const plain = await fetch(`http://localhost:${httpPort}/api/me`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe('https://localhost/api/me');
  });

  it('signs in over HTTPS with a Secure cookie that works on both replicas', async () => {
    const origin = `https://localhost:${httpsPort}`;
    const signedIn = await https('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ username: 'agent0', password }),
    });
    expect(signedIn.status).toBe(200);
    const setCookie = String(signedIn.headers['set-cookie'] ?? '');
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    const cookie = setCookie.split(';')[0] ?? '';
    // nginx alternates between the replicas; each opens the cookie the other may have sealed.
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => https('/api/me', { headers: { cookie } })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.map((a) => JSON.parse(a.body).user.username)).toEqual(Array(6).fill('agent0'));
    expect(replicas.map((r) => seenBy(r, '/api/me').length > 0)).toEqual([true, true]);
  });

  it('believes X-Forwarded-For and -Proto only from TRUST_PROXY', async () => {
    // Through nginx from 127.0.0.3: the replicas log the client, not nginx and not a forged header.
    for (let i = 0; i < 2; i++)
      await https('/probe-through-nginx', {
        localAddress: '127.0.0.3',
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
    const viaProxy = replicas.flatMap((r) => seenBy(r, '/probe-through-nginx'));
    expect(viaProxy).toEqual(['127.0.0.3', '127.0.0.3']);

    // Straight to a replica from an address not in TRUST_PROXY: the forged headers are ignored.
    const direct = replicas[0]?.origin ?? '';
    await fetch(`${direct}/probe-direct`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(seenBy(replicas[0], '/probe-direct')).toEqual(['127.0.0.1']);
    const forged = await fetch(`${direct}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'agent1', password }),
    });
    expect(forged.status).toBe(200);
    expect(forged.headers.get('set-cookie')).not.toMatch(/Secure/i);
  });

  it('answers a coded 503 that the workbench can show, not nginx’s own page, when no replica answers', async () => {
    // A second nginx with the shipped site whose replicas are all gone (nothing listens on their ports).
    const gone = await startNginx(await nginxPorts(), {
      upstreams: [await freePort(), await freePort()],
      proxyAddress,
      ready: (a) => a.status !== 200,
    });
    try {
      const answer = await gone.https('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: gone.origin },
        body: JSON.stringify({ username: 'agent0', password }),
      });
      expect(answer.status).toBe(503);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.headers['retry-after']).toBe('2');
      const { error } = JSON.parse(answer.body);
      expect(error.code).toBe('REPLICA_UNAVAILABLE');
      expect(error.message).toContain('try again shortly');
      expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await gone.stop();
    }
  });
});
