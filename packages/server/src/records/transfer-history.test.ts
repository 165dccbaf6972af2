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

  it('still refuses another seat’s events on an outbound call', async () => {
    const outbound = { sessionId: 'out-1', direction: 'outbound', callee: '13800138000' };
    expect((await event('alice', { ...outbound, event: 'dialing', at: at(0) })).statusCode).toBe(202);
    expect((await event('bob', { ...outbound, event: 'connected', at: at(5) })).statusCode).toBe(403);
    expect(await history('bob')).toEqual([]);
  });
});
