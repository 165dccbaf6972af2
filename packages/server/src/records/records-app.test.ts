import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import { type Harness, startHarness } from '../test-support/harness.js';

const targets = await databaseTargets();

// The records feature as registered in features.ts, inside the real app with real sign-in cookies.
describe.each(targets)('call records in the full app ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  let harness: Harness;
  beforeEach(async () => {
    handle = await open();
    harness = await startHarness({ app: { db: handle.db } });
  });
  afterEach(async () => {
    await harness.close();
    await handle.close();
  });

  it('takes a signed-in agent’s events (JSON and sendBeacon text/plain) and shows them only to that seat', async () => {
    const agent = await harness.signIn('agent');
    const post = (payload: unknown, type: string) =>
      harness.app.inject({
        method: 'POST',
        url: '/api/calls/events',
        cookies: agent,
        headers: { 'content-type': type },
        payload: JSON.stringify(payload),
      });
    const at = new Date().toISOString();
    const dialed = await post(
      { sessionId: 'app-1', event: 'dialing', at, callee: '13800138000' },
      'application/json',
    );
    expect(dialed.statusCode).toBe(202);
    const ended = await post(
      { sessionId: 'app-1', event: 'ended', at, closeBy: 'seat' },
      'text/plain;charset=UTF-8',
    );
    expect(ended.statusCode).toBe(202);

    const mine = await harness.app.inject({ method: 'GET', url: '/api/calls', cookies: agent });
    expect(mine.json().items).toMatchObject([
      { sessionId: 'app-1', seatUserId: 'agent@example.com', callee: '13800138000' },
    ]);
    const other = await harness.app.inject({
      method: 'GET',
      url: '/api/calls',
      cookies: await harness.signIn('agent2'),
    });
    expect(other.json().items).toEqual([]);
    expect((await harness.app.inject({ method: 'GET', url: '/api/calls' })).statusCode).toBe(401);
    expect(
      (
        await harness.app.inject({
          method: 'GET',
          url: '/api/stats?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z',
          cookies: agent,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('serves the push route without a session but refuses it without the configured password', async () => {
    const res = await harness.app.inject({
      method: 'POST',
      url: '/api/tccc/push?action=cdr&version=1',
      headers: { 'content-type': 'application/json;charset=utf8', 'x-tccc-push-uuid': 'u-1' },
      payload: JSON.stringify({ SessionId: 'x' }),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ ErrCode: 401, error: { code: 'PUSH_UNAUTHORIZED' } });
  });
});
