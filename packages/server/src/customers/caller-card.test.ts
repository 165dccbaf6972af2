import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { buildRecordsApp, pushHeader, seedUsers } from '../records/test-support/records-app.js';
import { databaseTargets } from '../test-support/databases.js';

const targets = await databaseTargets();
const caller = '13900001111';

describe.each(targets)("the caller's card and a callback done by calling in ($engine)", ({ open }) => {
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

  const call = async (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { 'x-test-user': user, 'accept-language': 'en-US' },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.json() };
  };
  const csv = (url: string, text: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'x-test-user': 'sue', 'content-type': 'text/csv' },
      payload: Buffer.from(text),
    });
  const pushCdr = (sessionId: string, over: Record<string, unknown>) => {
    const s = Math.floor(Date.now() / 1000);
    return app.inject({
      method: 'POST',
      url: '/api/tccc/push?action=cdr&version=1',
      headers: {
        'content-type': 'application/json;charset=utf8',
        authorization: pushHeader,
        'x-tccc-push-uuid': crypto.randomUUID(),
      },
      payload: JSON.stringify({
        SdkAppId: 1400000001,
        SessionId: sessionId,
        StartTimestamp: s - 120,
        RingTimestamp: s - 118,
        EndedTimestamp: s - 60,
        HungUpSide: 'user',
        SeatUser: { Mail: 'agent@example.com' },
        ...over,
      }),
    });
  };

  /** A list entry for the caller that alice dialled and asked to call back in ten minutes. */
  async function scheduleCallback() {
    const list = (
      await call('sue', 'POST', '/api/campaigns', {
        name: 'Renewals',
        hoursStart: '00:00',
        hoursEnd: '24:00',
      })
    ).body.campaign;
    expect((await csv(`/api/campaigns/${list.id}/import`, `name,phone\nZhang,${caller}\n`)).statusCode).toBe(
      200,
    );
    const entry = (await call('alice', 'POST', `/api/campaigns/${list.id}/claim`)).body.entry;
    const at = new Date(Date.now() + 600_000).toISOString();
    const saved = await call('alice', 'POST', `/api/campaigns/${list.id}/entries/${entry.id}/result`, {
      outcome: 'answered',
      disposition: 'callbackRequested',
      callbackAt: at,
      wrapUpMs: 1000,
    });
    expect(saved.body.entry).toMatchObject({ status: 'pending', callbackAt: at });
    return { list, entry, at };
  }

  it('shows the customer, their last call, the list entry and the open callback, for any format of the number', async () => {
    expect(
      (await csv('/api/customers/import', `name,phone,company\nZhang Wei,${caller},ACME\n`)).statusCode,
    ).toBe(200);
    await pushCdr('out-1', {
      Direction: 1,
      Caller: '02160000000',
      Callee: `0086${caller}`,
      AcceptTimestamp: Math.floor(Date.now() / 1000) - 110,
      Duration: 50,
      EndStatusString: 'ok',
    });
    const { list, entry, at } = await scheduleCallback();

    for (const phone of [caller, `+86 ${caller}`, `0086${caller}`]) {
      const card = await call('bob', 'GET', `/api/callers?phone=${encodeURIComponent(phone)}`);
      expect(card.status).toBe(200);
      expect(card.body).toMatchObject({
        customer: { name: 'Zhang Wei', phone: caller, company: 'ACME' },
        recentCalls: [
          {
            sessionId: 'out-1',
            direction: 'outbound',
            outcome: 'answered',
            talkSeconds: 50,
            agentName: 'Alice',
          },
        ],
        entries: [{ campaignId: list.id, campaignName: 'Renewals', entryId: entry.id, status: 'pending' }],
        openCallback: { entryId: entry.id, callbackAt: at },
      });
    }
    const byId = await call(
      'bob',
      'GET',
      `/api/callers?customerId=${card0Id(await call('bob', 'GET', '/api/customers'))}`,
    );
    expect(byId.body.customer).toMatchObject({ name: 'Zhang Wei' });
    expect(byId.body.recentCalls).toHaveLength(1);
  });

  it('answers an unknown number with an empty card, and refuses no number or both', async () => {
    expect((await call('bob', 'GET', '/api/callers?phone=13700000000')).body).toEqual({
      customer: null,
      recentCalls: [],
      entries: [],
      openCallback: null,
    });
    expect((await call('bob', 'GET', '/api/callers')).status).toBe(400);
    expect((await call('bob', 'GET', `/api/callers?phone=${caller}&customerId=x`)).status).toBe(400);
    expect((await call('nobody', 'GET', `/api/callers?phone=${caller}`)).status).toBe(401);
  });

  it('marks the callback done when the customer calls in and is answered, not when they are missed', async () => {
    const { list, entry } = await scheduleCallback();
    const inbound = { Direction: 0, Caller: `0086${caller}`, Callee: '02160000000' };
    await pushCdr('in-missed', {
      ...inbound,
      AcceptTimestamp: 0,
      Duration: 0,
      EndStatusString: 'ringingGiveUp',
    });
    expect((await call('bob', 'GET', `/api/callers?phone=${caller}`)).body.openCallback).toMatchObject({
      entryId: entry.id,
    });

    await pushCdr('in-answered', {
      ...inbound,
      AcceptTimestamp: Math.floor(Date.now() / 1000) - 110,
      Duration: 50,
      EndStatusString: 'ok',
    });
    const card = (await call('bob', 'GET', `/api/callers?phone=${caller}`)).body;
    expect(card.openCallback).toBeNull();
    expect(card.entries).toMatchObject([{ entryId: entry.id, status: 'closed', callbackAt: null }]);
    expect(card.recentCalls.map((c: { sessionId: string }) => c.sessionId)).toEqual(
      expect.arrayContaining(['in-answered', 'in-missed']),
    );
    const entries = (await call('sue', 'GET', `/api/campaigns/${list.id}/entries`)).body.items;
    expect(entries).toMatchObject([{ id: entry.id, status: 'closed', closeReason: 'calledIn' }]);
    expect((await call('alice', 'GET', '/api/campaigns/callbacks')).body.items).toEqual([]);
  });
});

function card0Id(res: { body: { items: { id: string }[] } }): string {
  const id = res.body.items[0]?.id;
  if (id === undefined) throw new Error('no customer');
  return id;
}
