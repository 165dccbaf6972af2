// startServer with TLS: HTTPS listener, Secure session cookies.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from './config/load-config.js';
import { type RunningServer, startServer } from './server.js';

let dir: string;
let server: RunningServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tccc-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: ':memory:',
    TLS_CERT: join(dir, 'cert.pem'),
    TLS_KEY: join(dir, 'key.pem'),
    LOG_LEVEL: 'silent',
  });
  server = await startServer(config, { print: () => undefined });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('serves HTTPS when TLS_CERT/TLS_KEY are set, and marks the session cookie Secure', async () => {
  expect(server.url).toMatch(/^https:\/\/localhost:\d+$/);
  const ca = readFileSync(join(dir, 'cert.pem'));
  const { status, setCookie } = await new Promise<{ status: number; setCookie: string[] }>(
    (resolve, reject) => {
      const req = request(
        `${server.url}/api/session`,
        { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [] }),
          );
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ username: 'agent', password: 'tccc-demo' }));
    },
  );
  expect(status).toBe(200);
  expect(setCookie.join(';')).toMatch(/tccc_session=[^;]+;.*Secure/);
  expect(setCookie.join(';')).toMatch(/HttpOnly/);
});
