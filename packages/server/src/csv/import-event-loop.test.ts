// A 2 MB customer import over real HTTP while an agent's screen keeps asking /api/me: the agent's
// requests are answered while the file streams in and is inserted (in batches of 200), and the longest
// event-loop stall the import causes is printed.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { type Harness, startHarness } from '../test-support/harness.js';

let handle: DatabaseHandle;
let h: Harness;
let origin = '';
beforeAll(async () => {
  handle = await openDatabase(':memory:');
  h = await startHarness({ app: { db: handle.db, logger: false } });
  origin = await h.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await h.close();
  await handle.close();
});

/** Just under 2 MB of valid customers: 4,900 rows of about 420 bytes. */
function customersCsv(): string {
  const note = 'x'.repeat(395);
  const rows = Array.from(
    { length: 4900 },
    (_, i) => `Customer ${i},1380${String(i).padStart(7, '0')},${note}`,
  );
  return `name,phone,note\n${rows.join('\n')}\n`;
}

describe('a 2 MB import beside other requests', () => {
  it('answers an agent’s /api/me while the import is read and inserted', async () => {
    const supervisor = `tccc_session=${(await h.signIn('supervisor')).tccc_session}`;
    const agent = `tccc_session=${(await h.signIn('agent')).tccc_session}`;
    const csv = customersCsv();
    expect(Buffer.byteLength(csv)).toBeGreaterThan(2_000_000);
    const stall = monitorEventLoopDelay({ resolution: 5 });
    stall.enable();
    let importing = true;
    const answeredDuring: number[] = [];
    const imported = fetch(`${origin}/api/customers/import`, {
      method: 'POST',
      headers: { cookie: supervisor, 'content-type': 'text/csv', origin },
      body: csv,
    }).then(async (res) => {
      importing = false;
      return { status: res.status, body: (await res.json()) as { imported: number } };
    });
    while (importing) {
      const me = await fetch(`${origin}/api/me`, { headers: { cookie: agent } });
      if (importing) answeredDuring.push(me.status);
      await me.arrayBuffer();
    }
    const result = await imported;
    stall.disable();
    console.info(`longest event-loop stall during the import: ${(stall.max / 1e6).toFixed(1)} ms`);
    expect(result).toEqual({ status: 200, body: expect.objectContaining({ imported: 4900 }) });
    expect(answeredDuring.length).toBeGreaterThan(0);
    expect(new Set(answeredDuring)).toEqual(new Set([200]));
  });
});
