// Hostile uploads to every CSV import (customers, a call list, the do-not-call list): a newline bomb
// and a 50 MB file are answered 413 with the limit in the message, while memory stays bounded.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { type Harness, type SessionCookies, startHarness } from '../test-support/harness.js';

let handle: DatabaseHandle;
let h: Harness;
let supervisor: SessionCookies;
let imports: Array<{ name: string; url: string }>;
beforeAll(async () => {
  handle = await openDatabase(':memory:');
  h = await startHarness({ app: { db: handle.db } });
  supervisor = await h.signIn('supervisor');
  const list = await h.app.inject({
    method: 'POST',
    url: '/api/campaigns',
    cookies: supervisor,
    payload: { name: 'Upload limits' },
  });
  expect(list.statusCode).toBe(201);
  imports = [
    { name: 'customers', url: '/api/customers/import' },
    { name: 'call list', url: `/api/campaigns/${list.json().campaign.id}/import` },
    { name: 'do-not-call', url: '/api/dnc/import?reason=test' },
  ];
});
afterAll(async () => {
  await h.close();
  await handle.close();
});

/** `total` bytes of `line` repeated, produced as they are read (the test holds none of it). */
function generated(line: string, total: number): Readable {
  const chunk = Buffer.from(line.repeat(Math.ceil(65_536 / line.length)));
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

const upload = (url: string, body: Readable) =>
  h.app.inject({
    method: 'POST',
    url,
    cookies: supervisor,
    headers: { 'content-type': 'text/csv', 'accept-language': 'en-US' },
    payload: body,
  });

const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;

describe('upload limits on every CSV import', () => {
  it('a 50 MB file: 413 IMPORT_FILE_TOO_LARGE naming the 2 MB limit, with heap growth under 50 MB', async () => {
    for (const { url } of imports) {
      const before = heapMb();
      const res = await upload(
        url,
        generated(`Zhang San,13800138000,${'note '.repeat(200)}\n`, 50 * 1024 * 1024),
      );
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE' });
      expect(res.json().error.message).toContain('2 MB');
      expect(heapMb() - before).toBeLessThan(50);
    }
  });

  it('a newline bomb (2 MiB of newlines): 413 at the row limit, with heap growth under 50 MB', async () => {
    for (const { name, url } of imports) {
      const before = heapMb();
      const res = await upload(url, generated('\n', 2 * 1024 * 1024 - 1024));
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe(
        name === 'customers' ? 'CUSTOMER_IMPORT_TOO_LARGE' : 'CAMPAIGN_IMPORT_TOO_LARGE',
      );
      expect(res.json().error.message).toContain('5000 rows');
      expect(heapMb() - before).toBeLessThan(50);
    }
    // Nothing of it was imported.
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/customers', cookies: supervisor })).json().items,
    ).toEqual([]);
  });
});
