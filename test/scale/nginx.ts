// Debian's nginx run as a child process of the test (its own prefix, spare ports) with the shipped
// site deploy/nginx/tccc-dialer.conf pointed at the test's replicas and a self-signed certificate.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from '@tccc-dialer/test-support';
import { expect } from 'vitest';
import { eventually } from './support.js';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpsOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The client's own address (e.g. 127.0.0.3). */
  localAddress?: string;
}

export interface Nginx {
  httpsPort: number;
  httpPort: number;
  /** The origin people open: `https://localhost:<port>`. */
  origin: string;
  /** HTTPS to nginx, trusting only the test's certificate. */
  https(path: string, o?: HttpsOptions): Promise<Answer>;
  stop(): Promise<void>;
}

export interface NginxOptions {
  /** Replica ports, one upstream server each. */
  upstreams: number[];
  /** The address nginx connects to the replicas from (their TRUST_PROXY). */
  proxyAddress: string;
  /** Changes to the shipped site (after it is pointed at this test), e.g. the header mode example. */
  edit?: (site: string) => string;
  /** Headers of the readiness probe (`/healthz` through nginx), e.g. what the site's authentication wants. */
  probeHeaders?: Record<string, string>;
  /** When the probe's answer means nginx is up (by default a 200 from a replica behind it). */
  ready?: (probe: Answer) => boolean;
}

/** Reserves nginx's ports first: replicas need the origin (`PUBLIC_ORIGIN`) before nginx starts. */
export async function nginxPorts(): Promise<{ httpsPort: number; httpPort: number; origin: string }> {
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  return { httpsPort, httpPort, origin: `https://localhost:${httpsPort}` };
}

function siteConfig(dir: string, ports: { httpsPort: number; httpPort: number }, o: NginxOptions): string {
  const shipped = readFileSync(join(repoRoot, 'deploy/nginx/tccc-dialer.conf'), 'utf8');
  const servers = o.upstreams
    .map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=10s;`)
    .join('\n');
  const site = shipped
    .replace(/( {4}server 10\.0\.0\.\d+:3000[^\n]*\n)+/, `${servers}\n`)
    .replace('listen 80;', `listen 127.0.0.1:${ports.httpPort};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${ports.httpsPort} ssl http2;`)
    .replace('/etc/ssl/tccc-dialer/fullchain.pem', join(dir, 'cert.pem'))
    .replace('/etc/ssl/tccc-dialer/privkey.pem', join(dir, 'key.pem'))
    .replace(
      'proxy_pass http://tccc_dialer;',
      `proxy_pass http://tccc_dialer;\n        proxy_bind ${o.proxyAddress};`,
    );
  // The replacements must all have applied, or the test would run some other config.
  expect(site).not.toMatch(/10\.0\.0\.|listen 80;|listen 443|\/etc\/ssl/);
  return o.edit === undefined ? site : o.edit(site);
}

export async function startNginx(
  ports: { httpsPort: number; httpPort: number },
  o: NginxOptions,
): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-'));
  chmodSync(dir, 0o755);
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'key.pem')],
      ...['-out', join(dir, 'cert.pem')],
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  writeFileSync(join(dir, 'site.conf'), siteConfig(dir, ports, o));
  const temps = ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];
  for (const t of temps) mkdirSync(join(dir, t));
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
      ...temps.map((t) => `  ${t === 'body' ? 'client_body' : t}_temp_path ${join(dir, t)};`),
      `  include ${join(dir, 'site.conf')};`,
      '}',
    ].join('\n'),
  );

  const https = (path: string, r: HttpsOptions = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          servername: 'localhost',
          port: ports.httpsPort,
          path,
          method: r.method ?? 'GET',
          ca: cert,
          headers: { host: `localhost:${ports.httpsPort}`, ...r.headers },
          ...(r.localAddress === undefined ? {} : { localAddress: r.localAddress }),
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
      req.end(r.body);
    });

  // Debian's nginx lives in /usr/sbin, which a non-root PATH may lack.
  const binary = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  const child: ChildProcess = spawn(
    binary,
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.on('data', (c) => {
    log += c;
  });
  child.stderr?.on('data', (c) => {
    log += c;
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT'); // nginx's graceful shutdown
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`nginx exited: ${log}`);
        const probe = await https('/healthz', { headers: o.probeHeaders ?? {} }).catch(() => undefined);
        return probe !== undefined && (o.ready ?? ((a) => a.status === 200))(probe) ? true : undefined;
      },
      10_000,
      'nginx to answer over HTTPS',
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { ...ports, origin: `https://localhost:${ports.httpsPort}`, https, stop };
}
