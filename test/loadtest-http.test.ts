// The load generator's HTTP client answers as `fetch` does in what the generator reads of it, so the
// run's figures mean the same with it: status, headers (set-cookie, retry-after), body, and failures.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeConnections, fetchHttp } from '../bench/loadtest-http.mjs';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (req.url === '/hang') return;
      res.setHeader('set-cookie', 'sid=abc; HttpOnly');
      res.setHeader('retry-after', '3');
      res.statusCode = req.url === '/busy' ? 503 : 200;
      res.end(
        JSON.stringify({
          method: req.method,
          type: req.headers['content-type'],
          cookie: req.headers.cookie,
          body,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  closeConnections();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('load generator HTTP client', () => {
  it('sends the method, headers and body, and reads the status, headers and body as fetch does', async () => {
    const init = {
      method: 'POST',
      headers: { cookie: 'sid=1', 'content-type': 'application/json' },
      body: '{"a":"é"}',
    };
    const [ours, theirs] = [await fetchHttp(`${base}/x`, init), await fetch(`${base}/x`, init)];
    expect(ours.status).toBe(200);
    expect(ours.ok).toBe(true);
    expect(ours.headers.get('Set-Cookie')).toBe(theirs.headers.get('set-cookie'));
    expect(await ours.json()).toEqual(await theirs.json());
    const busy = await fetchHttp(`${base}/busy`, { method: 'POST', body: 'x' });
    expect(busy.status).toBe(503);
    expect(busy.ok).toBe(false);
    expect(Number(busy.headers.get('retry-after'))).toBe(3);
    expect(JSON.parse(await busy.text())).toMatchObject({ type: 'text/plain;charset=UTF-8', body: 'x' });
    expect(busy.headers.get('x-missing')).toBeNull();
  });

  it('rejects with the network code when nothing listens, and when the request is aborted', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetchHttp(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
    const controller = new AbortController();
    const hanging = fetchHttp(`${base}/hang`, { signal: controller.signal });
    controller.abort();
    await expect(hanging).rejects.toBeDefined();
  });
});
