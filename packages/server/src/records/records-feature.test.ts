import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import { buildRecordsApp, pushHeader, seedUsers } from './test-support/records-app.js';

const targets = await databaseTargets();
const T = 1_700_000_000;

function cdr(i: number, over: Record<string, unknown> = {}) {
  return {
    SdkAppId: 1400000001,
    SessionId: `s-${String(i).padStart(4, '0')}`,
    Direction: 1,
    Caller: '02160000000',
    Callee: `00861380013${String(8000 + (i % 3)).padStart(4, '0')}`,
    StartTimestamp: T + i * 60,
    RingTimestamp: T + i * 60 + 1,
    AcceptTimestamp: i % 2 === 0 ? T + i * 60 + 5 : 0,
    EndedTimestamp: T + i * 60 + 30,
    Duration: i % 2 === 0 ? 25 : 0,
    EndStatusString: i % 2 === 0 ? 'ok' : 'busy',
    HungUpSide: 'user',
    SeatUser: { Mail: i % 3 === 0 ? 'agent2@example.com' : 'agent@example.com' },
    ...over,
  };
}

describe.each(targets)('call records over HTTP ($engine)', ({ open }) => {
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

  const push = (body: unknown, opts: { uuid?: string; auth?: string; action?: string; raw?: string } = {}) =>
    app.inject({
      method: 'POST',
      url: `/api/tccc/push?action=${opts.action ?? 'cdr'}&version=1`,
      headers: {
        'content-type': 'application/json;charset=utf8',
        authorization: opts.auth ?? pushHeader,
        'x-tccc-push-uuid': opts.uuid ?? crypto.randomUUID(),
      },
      payload: opts.raw ?? JSON.stringify(body),
    });
  const as = (user: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { 'x-test-user': user } });
  const storeSnapshot = async () => ({
    calls: await handle.db.selectFrom('calls').selectAll().orderBy('session_id').execute(),
    receipts: await handle.db.selectFrom('push_receipts').selectAll().orderBy('push_uuid').execute(),
  });

  it('answers a push {"ErrCode":0} and stores it once when TCCC delivers it three times', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await push(cdr(1), { uuid: 'retried-uuid' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ErrCode: 0, ErrMsg: '' });
    }
    const { calls, receipts } = await storeSnapshot();
    expect(calls.map((c) => c.session_id)).toEqual(['s-0001']);
    expect(receipts).toHaveLength(1);
  });

  it('refuses a wrong password, a missing UUID and malformed bodies, leaving the store unchanged', async () => {
    await push(cdr(1));
    const before = await storeSnapshot();
    const wrong = `Basic ${Buffer.from('tccc:wrong-password').toString('base64')}`;
    const refusals = [
      [await push(cdr(2), { auth: wrong }), 401, 'PUSH_UNAUTHORIZED'],
      [await push(cdr(2), { auth: '' }), 401, 'PUSH_UNAUTHORIZED'],
      [await push(cdr(2), { raw: '{"SessionId": "s-0002", ' }), 400, 'PUSH_INVALID'],
      [await push({ ...cdr(2), SessionId: 42 }), 400, 'PUSH_INVALID'],
      [await push({ ...cdr(2), StartTimestamp: 'yesterday' }), 400, 'PUSH_INVALID'],
      [await push({ ...cdr(2), EndedTimestamp: Number.MAX_SAFE_INTEGER }), 400, 'PUSH_INVALID'],
      [await push({ ...cdr(2), Duration: 2 ** 40 }), 400, 'PUSH_INVALID'],
      [await push(cdr(2), { action: 'voicemail' }), 400, 'PUSH_INVALID'],
      [await push(cdr(2), { uuid: '' }), 400, 'PUSH_INVALID'],
    ] as const;
    for (const [res, status, code] of refusals) {
      expect(res.statusCode).toBe(status);
      const body = res.json();
      expect(body.ErrCode).not.toBe(0);
      expect(body.error.code).toBe(code);
    }
    expect(await storeSnapshot()).toEqual(before);
  });

  it('logs a refused push with its code but never the password or the body', async () => {
    const lines: string[] = [];
    const logged = await buildRecordsApp(handle.db, { logLines: lines });
    try {
      const wrong = `Basic ${Buffer.from('tccc:hunter2-secret').toString('base64')}`;
      await logged.inject({
        method: 'POST',
        url: '/api/tccc/push?action=cdr&version=1',
        headers: { authorization: wrong, 'content-type': 'application/json', 'x-tccc-push-uuid': 'u-1' },
        payload: JSON.stringify(cdr(7)),
      });
      await logged.inject({
        method: 'POST',
        url: '/api/tccc/push?action=cdr&version=1',
        headers: { authorization: pushHeader, 'content-type': 'application/json', 'x-tccc-push-uuid': 'u-2' },
        payload: JSON.stringify({ ...cdr(8), SessionId: 42 }),
      });
    } finally {
      await logged.close();
    }
    const text = lines.join('\n');
    expect(text).toContain('PUSH_UNAUTHORIZED');
    expect(text).toContain('PUSH_INVALID');
    for (const secret of [
      'hunter2',
      'push-secret',
      Buffer.from('tccc:hunter2-secret').toString('base64'),
      '13800138',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers fuzzed push, event, note and history inputs with 2xx/4xx, never 5xx', async () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const record = fc.dictionary(
      fc.oneof(
        fc.constantFrom(
          'SessionId',
          'StartTimestamp',
          'Callee',
          'SeatUser',
          'EndStatus',
          'event',
          'at',
          'sessionId',
          'note',
        ),
        fc.string(),
      ),
      fc.oneof(value, fc.array(value), fc.dictionary(fc.string(), value)),
    );
    await fc.assert(
      fc.asyncProperty(record, fc.string(), async (body, text) => {
        const responses = await Promise.all([
          push(body),
          push(undefined, { raw: text }),
          app.inject({
            method: 'POST',
            url: '/api/calls/events',
            headers: { 'x-test-user': 'alice' },
            payload: body,
          }),
          app.inject({
            method: 'PUT',
            url: '/api/calls/x/note',
            headers: { 'x-test-user': 'alice' },
            payload: body,
          }),
          as(
            'sue',
            `/api/calls?${new URLSearchParams({ phone: text, cursor: text, from: text }).toString()}`,
          ),
        ]);
        for (const res of responses) expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it('takes browser events (also as sendBeacon text/plain) only for the signed-in seat', async () => {
    const event = (user: string, body: unknown, type = 'application/json') =>
      app.inject({
        method: 'POST',
        url: '/api/calls/events',
        headers: { 'x-test-user': user, 'content-type': type },
        payload: JSON.stringify(body),
      });
    const at = new Date(T * 1000).toISOString();
    expect(
      (await event('alice', { sessionId: 'b-1', event: 'dialing', at, callee: '+86 138 0013 8000' }))
        .statusCode,
    ).toBe(202);
    expect(
      (await event('alice', { sessionId: 'b-1', event: 'ended', at, closeBy: 'seat' }, 'text/plain'))
        .statusCode,
    ).toBe(202);
    expect((await event('bob', { sessionId: 'b-1', event: 'ended', at })).json().error.code).toBe(
      'FORBIDDEN',
    );
    expect((await event('', { sessionId: 'b-2', event: 'ended', at })).statusCode).toBe(401);
    expect((await event('alice', { sessionId: 'b-3', event: 'hacked', at })).statusCode).toBe(400);
    const list = (await as('alice', '/api/calls')).json();
    expect(list.items).toMatchObject([
      { sessionId: 'b-1', callee: '13800138000', outcome: 'unknown', sources: { browser: true } },
    ]);
  });

  it('pages newest first by keyset; agents see their own calls, supervisors all, filters apply', async () => {
    for (let i = 0; i < 12; i++) expect((await push(cdr(i))).statusCode).toBe(200);
    const seen: string[] = [];
    let url = '/api/calls?limit=5';
    for (;;) {
      const page = (await as('sue', url)).json();
      seen.push(...page.items.map((c: { sessionId: string }) => c.sessionId));
      if (page.nextCursor === null) break;
      url = `/api/calls?limit=5&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `s-${String(11 - i).padStart(4, '0')}`));

    const alice = (await as('alice', '/api/calls?limit=100')).json().items;
    expect(alice.every((c: { seatUserId: string }) => c.seatUserId === 'agent@example.com')).toBe(true);
    expect(alice).toHaveLength(8);
    // An agent naming someone else still sees only their own calls.
    expect((await as('alice', '/api/calls?agent=bob')).json().items).toHaveLength(8);
    expect((await as('sue', '/api/calls?agent=bob')).json().items).toHaveLength(4);

    const byPhone = (await as('sue', `/api/calls?phone=${encodeURIComponent('+8613800138001')}`)).json()
      .items;
    expect(byPhone.map((c: { sessionId: string }) => c.sessionId)).toEqual([
      's-0010',
      's-0007',
      's-0004',
      's-0001',
    ]);
    const busy = (await as('sue', '/api/calls?outcome=busy')).json().items;
    expect(busy).toHaveLength(6);
    const from = new Date((T + 3 * 60) * 1000).toISOString();
    const to = new Date((T + 6 * 60) * 1000).toISOString();
    expect((await as('sue', `/api/calls?from=${from}&to=${to}`)).json().items).toHaveLength(3);
    expect((await as('sue', '/api/calls?cursor=not-a-cursor')).statusCode).toBe(400);
    expect((await as('sue', '/api/calls?outcome=great')).statusCode).toBe(400);
    expect((await as('', '/api/calls')).statusCode).toBe(401);
  });

  it('exports CSV with a BOM, localized outcomes and defused formulas', async () => {
    await push(cdr(0));
    await push(cdr(1));
    await app.inject({
      method: 'PUT',
      url: '/api/calls/s-0001/note',
      headers: { 'x-test-user': 'alice' },
      payload: { note: '=HYPERLINK("x"), "quoted"' },
    });
    const res = await app.inject({
      method: 'GET',
      url: '/api/calls/export.csv',
      headers: { 'x-test-user': 'sue', 'accept-language': 'en-US' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const text = res.body;
    expect(text.startsWith('\uFEFFSession ID,')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('s-0001');
    expect(lines[1]).toContain('Busy');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
    const zh = await app.inject({
      method: 'GET',
      url: '/api/calls/export.csv',
      headers: { 'x-test-user': 'alice' },
    });
    expect(zh.body).toContain('忙线');
    expect(zh.body).not.toContain('s-0000'); // agent2's call
  });

  it('keeps notes on own calls, even before any event arrived, and refuses others', async () => {
    const put = (user: string, id: string, note: unknown) =>
      app.inject({
        method: 'PUT',
        url: `/api/calls/${id}/note`,
        headers: { 'x-test-user': user },
        payload: { note },
      });
    expect((await put('alice', 'early-1', 'call back at 5')).json()).toEqual({ ok: true });
    expect((await put('bob', 'early-1', 'mine now')).json().error.code).toBe('FORBIDDEN');
    expect((await put('alice', 'early-1', 'x'.repeat(2001))).statusCode).toBe(400);
    expect((await as('alice', '/api/calls')).json().items).toMatchObject([
      { sessionId: 'early-1', note: 'call back at 5' },
    ]);
    expect((await put('sue', 'early-1', 'checked')).statusCode).toBe(200);
  });

  it('aggregates stats per hour and per agent for supervisors only', async () => {
    for (let i = 0; i < 6; i++) await push(cdr(i * 20)); // 20 minutes apart; every third is bob's
    const from = new Date((T - 3600) * 1000).toISOString();
    const to = new Date((T + 4 * 3600) * 1000).toISOString();
    expect((await as('alice', `/api/stats?from=${from}&to=${to}`)).json().error.code).toBe('FORBIDDEN');
    const stats = (await as('sue', `/api/stats?from=${from}&to=${to}`)).json();
    expect(stats.perHour).toEqual([
      { hour: '2023-11-14T22:00:00.000Z', calls: 3, answered: 3 },
      { hour: '2023-11-14T23:00:00.000Z', calls: 3, answered: 3 },
    ]);
    expect(stats.answerRate).toBe(1); // i*20 is always even: every call answered
    expect(stats.averageTalkSeconds).toBe(25);
    expect(stats.perAgent).toEqual([
      { username: 'alice', displayName: 'Alice', calls: 4, answered: 4, talkSeconds: 100 },
      { username: 'bob', displayName: 'Bob', calls: 2, answered: 2, talkSeconds: 50 },
    ]);
  });
});
