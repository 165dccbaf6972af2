// The shipped nginx site (deploy/nginx/tccc-dialer.conf) in front of the load run's replicas, as an
// operator deploys it, so a killed replica costs what it costs behind a real proxy: nginx retries
// what it may on the other replica and answers the rest with the site's coded 503. TLS is left out
// (plain HTTP on loopback): the run measures the proxying, not the handshake.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const binary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

/** Whether Debian's nginx is installed (the run reaches the replicas directly without it). */
export const nginxInstalled = binary !== undefined;

function site(root, port, upstreams) {
  const shipped = readFileSync(join(root, 'deploy/nginx/tccc-dialer.conf'), 'utf8');
  const servers = upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=10s;`).join('\n');
  const edited = shipped
    .replace(/( {4}server 10\.0\.0\.\d+:3000[^\n]*\n)+/, `${servers}\n`)
    // The plain-HTTP redirect server goes; the HTTPS one listens in plain HTTP on loopback.
    .replace(/server \{\n {4}listen 80;[\s\S]*?\n\}\n/, '')
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${port};`)
    .replace(/^ {4}ssl_[^\n]*\n/gm, '');
  if (/10\.0\.0\.|listen 80;|listen 443|ssl_/.test(edited))
    throw new Error(
      'deploy/nginx/tccc-dialer.conf changed shape: the load run cannot point it at its replicas',
    );
  return edited;
}

/** Starts nginx with the shipped site on `port`, proxying to the replicas on `upstreams`. */
export async function startProxy({ root, dir, port, upstreams }) {
  const prefix = join(dir, 'nginx');
  mkdirSync(prefix, { recursive: true });
  chmodSync(prefix, 0o755);
  const temps = ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];
  for (const t of temps) mkdirSync(join(prefix, t), { recursive: true });
  writeFileSync(join(prefix, 'site.conf'), site(root, port, upstreams));
  writeFileSync(
    join(prefix, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${join(prefix, 'error.log')} error;`,
      // Every agent keeps connections open to it: room for 1,000 agents and the replicas behind.
      'events { worker_connections 4096; }',
      'http {',
      '  access_log off;',
      ...temps.map((t) => `  ${t === 'body' ? 'client_body' : t}_temp_path ${join(prefix, t)};`),
      `  include ${join(prefix, 'site.conf')};`,
      '}',
    ].join('\n'),
  );
  const child = spawn(
    binary,
    ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let errors = '';
  child.stderr.on('data', (c) => {
    errors = (errors + c).slice(-4000);
  });
  const origin = `http://localhost:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
    const res = await fetch(`${origin}/healthz`).catch(() => undefined);
    if (res?.ok) break;
    if (Date.now() > deadline) throw new Error(`nginx did not answer within 10 s: ${errors}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name: 'nginx',
    origin: () => origin,
    pid: () => (child.exitCode === null ? child.pid : undefined),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGQUIT'); // nginx's graceful shutdown
      }),
  };
}
