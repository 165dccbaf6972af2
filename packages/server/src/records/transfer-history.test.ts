import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import { buildRecordsApp, pushHeader, seedUsers } from './test-support/records-app.js';

const targets = await databaseTargets();
const T = 1_700_000_000;

describe.each(targets)('a call transferred between agents ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  beforeEach(async () => {
    handle = await open();
    await seedUsers(handle.db);
    app = await buildRecordsApp(handle.db);
  });
  afterEach(async () => {
    await app.close();
    await handle.close();
  });

  const event = (user: string, body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/calls/events', headers: { 'x-test-user': user }, payload: body });
  const history = async (user: string) =>
    (await app.inject({ method: 'GET', url: '/api/calls', headers: { 'x-test-user': user } }))
      .json()
      .items.map((c: { sessionId: string }) => c.sessionId);
  const at = (s: number) => new Date((T + s) * 1000).toISOString();

  it('is in both agents’ history, before and after TCCC’s record names the last one', async () => {
    const inbound = { sessionId: 'tx-1', direction: 'inbound', caller: '13800138000' };
    expect((await event('alice', { ...inbound, event: 'connected', at: at(0) })).statusCode).toBe(202);
    expect(
      (await event('alice', { ...inbound, event: 'ended', at: at(30), closeBy: 'seat' })).statusCode,
    ).toBe(202);
    // Bob's seat takes the transferred call.
    expect((await event('bob', { ...inbound, event: 'connected', at: at(35) })).statusCode).toBe(202);
    expect(await history('alice')).toEqual(['tx-1']);
    expect(await history('bob')).toEqual(['tx-1']);

    const push = await app.inject({
      method: 'POST',
      url: '/api/tccc/push?action=cdr&version=1',
      headers: {
        'content-type': 'application/json;charset=utf8',
        authorization: pushHeader,
        'x-tccc-push-uuid': crypto.randomUUID(),
      },
      payload: JSON.stringify({
        SdkAppId: 1400000001,
        SessionId: 'tx-1',
        Direction: 0,
        Caller: '008613800138000',
        Callee: '02160000000',
        StartTimestamp: T,
        RingTimestamp: T,
        AcceptTimestamp: T + 1,
        EndedTimestamp: T + 90,
        Duration: 89,
        EndStatusString: 'ok',
        HungUpSide: 'user',
        SeatUser: { Mail: 'agent2@example.com' },
      }),
    });
    expect(push.statusCode).toBe(200);
    expect(await history('alice')).toEqual(['tx-1']);
    expect(await history('bob')).toEqual(['tx-1']);
  });

  it('pages through an agent’s own calls and the ones handed to it as one history, newest first', async () => {
    // Bob's own calls at 0, 20, 40 s; calls Alice handed to him at 10, 30 s; one at 50 s handed over
    // and then his own by TCCC's record (in both parts).
    for (const s of [0, 20, 40])
      await event('bob', {
        sessionId: `own-${s}`,
        direction: 'outbound',
        callee: '13800138000',
        event: 'dialing',
        at: at(s),
      });
    for (const s of [10, 30, 50]) {
      const inbound = { sessionId: `in-${s}`, direction: 'inbound', caller: '13800138000' };
      await event('alice', { ...inbound, event: 'connected', at: at(s) });
      expect((await event('bob', { ...inbound, event: 'connected', at: at(s + 2) })).statusCode).toBe(202);
    }
    await handle.db
      .updateTable('calls')
      .set({ seat_user_id: 'agent2@example.com' })
      .where('session_id', '=', 'in-50')
      .execute();
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const url = `/api/calls?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await app.inject({ method: 'GET', url, headers: { 'x-test-user': 'bob' } })).json();
      seen.push(...page.items.map((c: { sessionId: string }) => c.sessionId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['in-50', 'own-40', 'in-30', 'own-20', 'in-10', 'own-0']);
  });

  it('still refuses another seat’s events on an outbound call', async () => {
    const outbound = { sessionId: 'out-1', direction: 'outbound', callee: '13800138000' };
    expect((await event('alice', { ...outbound, event: 'dialing', at: at(0) })).statusCode).toBe(202);
    expect((await event('bob', { ...outbound, event: 'connected', at: at(5) })).statusCode).toBe(403);
    expect(await history('bob')).toEqual([]);
  });
});
