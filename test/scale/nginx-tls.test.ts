// deploy/nginx/tccc-dialer.conf run by Debian's nginx (a child process of its own, own prefix, spare
// ports) with a self-signed certificate made here, in front of two replicas: HTTPS end to end, a
// Secure sign-in cookie that works on either replica, X-Forwarded-* believed only from TRUST_PROXY.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, type ServerProcess, servicesAvailable } from '@tccc-dialer/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScaleWorld, eventually, password, type ScaleWorld, startReplicas } from './support.js';

const available = await servicesAvailable('The nginx TLS test', 'nginx', 'postgres', 'redis');

// nginx reaches the replicas from this address; the test's own requests come from 127.0.0.1.
const proxyAddress = '127.0.0.2';
const dir = mkdtempSync(join(tmpdir(), 'nginx-tls-'));
let world: ScaleWorld;
let replicas: ServerProcess[] = [];
let nginx: ChildProcess | undefined;
let nginxLog = '';
let httpsPort = 0;
let httpPort = 0;
let cert = '';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** HTTPS to nginx, trusting only the test's certificate; `localAddress` picks the client's address. */
function https(
  path: string,
  o: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: httpsPort,
        path,
        method: o.method ?? 'GET',
        ca: cert,
        headers: { host: `localhost:${httpsPort}`, ...o.headers },
        ...(o.localAddress === undefined ? {} : { localAddress: o.localAddress }),
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

/** The site config as shipped, pointed at this test's replicas, ports and certificate. */
function siteConfig(ports: number[]): string {
  const shipped = readFileSync(join(repoRoot, 'deploy/nginx/tccc-dialer.conf'), 'utf8');
  const servers = ports.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=10s;`).join('\n');
  const site = shipped
    .replace(/( {4}server 10\.0\.0\.\d+:3000[^\n]*\n)+/, `${servers}\n`)
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace('/etc/ssl/tccc-dialer/fullchain.pem', join(dir, 'cert.pem'))
    .replace('/etc/ssl/tccc-dialer/privkey.pem', join(dir, 'key.pem'))
    .replace(
      'proxy_pass http://tccc_dialer;',
      `proxy_pass http://tccc_dialer;\n        proxy_bind ${proxyAddress};`,
    );
  // The replacements must all have applied, or this test would run some other config.
  expect(site).not.toMatch(/10\.0\.0\.|listen 80;|listen 443|\/etc\/ssl/);
  return site;
}

beforeAll(async () => {
  if (!available) return;
  chmodSync(dir, 0o755);
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
      ...[
        '-addext',
        'subjectAltName=DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  [httpsPort, httpPort] = [await freePort(), await freePort()];
  world = await createScaleWorld({ agents: 2, qps: 20 });
  replicas = await startReplicas(2, {
    ...world.env(),
    TRUST_PROXY: proxyAddress,
    PUBLIC_ORIGIN: `https://localhost:${httpsPort}`,
    CDR_SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'info',
  });
  writeFileSync(join(dir, 'site.conf'), siteConfig(replicas.map((r) => Number(new URL(r.origin).port))));
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, t));
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 128; }',
      'http {',
      '  access_log off;',
      ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (t) => `  ${t === 'body' ? 'client_body' : t}_temp_path ${join(dir, t)};`,
      ),
      `  include ${join(dir, 'site.conf')};`,
      '}',
    ].join('\n'),
  );
  // Debian's nginx lives in /usr/sbin, which a non-root PATH may lack.
  const binary = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  nginx = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nginx.stdout?.on('data', (c) => {
    nginxLog += c;
  });
  nginx.stderr?.on('data', (c) => {
    nginxLog += c;
  });
  await eventually(
    async () => {
      if (nginx?.exitCode !== null) throw new Error(`nginx exited: ${nginxLog}`);
      return (await https('/healthz').catch(() => undefined))?.status === 200 ? true : undefined;
    },
    10_000,
    'nginx to answer over HTTPS',
  );
}, 30_000);

afterAll(async () => {
  if (!available) return;
  if (nginx !== undefined && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx?.once('exit', resolve));
    nginx.kill('SIGQUIT'); // nginx's graceful shutdown
    await exited;
  }
  await Promise.all(replicas.map((r) => r.stop()));
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
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
});
