// How the server delivers the built workbench: the precompressed copy the browser accepts, hashed
// files cached for good, the page that names them checked every time.
import { type ServerProcess, startServerProcess } from '@tccc-dialer/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ TCCC_MODE: 'emulator', DATABASE_URL: ':memory:' });
});
afterAll(() => server.stop());

const get = (path: string, encoding: string) =>
  fetch(`${server.origin}${path}`, { headers: { 'accept-encoding': encoding } });

describe('the workbench as the server sends it', () => {
  it('sends brotli to a browser that takes it, gzip to one that takes only that, and caches hashed files for good', async () => {
    const page = await get('/', 'br, gzip');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const path of scripts) {
      const br = await get(path, 'gzip, deflate, br');
      expect([path, br.headers.get('content-encoding'), br.headers.get('cache-control')]).toEqual([
        path,
        'br',
        'public, max-age=31536000, immutable',
      ]);
      // fetch decodes the body, so it must still be the file itself.
      expect((await br.text()).length).toBeGreaterThan(0);
      const gz = await get(path, 'gzip');
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      const plain = await get(path, 'identity');
      expect(plain.headers.get('content-encoding')).toBeNull();
    }
  });
});
