import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import { findCall } from './call-query.js';
import { type BrowserEvent, upsertBrowserEvent, upsertCdr } from './call-store.js';
import { cdrFields, telCdrSchema } from './cdr.js';
import { createPushIngester, ingestPush } from './push-ingest.js';
import { demoUsers, seedUsers } from './test-support/records-app.js';

const targets = await databaseTargets();

const T = 1_700_000_000; // Unix seconds
const sessionId = 'merge-0001';
const signedUrl = 'https://record.example/merge-0001.mp3?sign=abc';

/** The same call as DescribeTelCdr returns it ... */
const syncedCdr = {
  SessionId: sessionId,
  Direction: 1,
  Caller: '00862160000000',
  Callee: '008613800138000',
  Time: T,
  StartTimestamp: T,
  RingTimestamp: T + 1,
  AcceptTimestamp: T + 5,
  EndedTimestamp: T + 65,
  Duration: 60,
  EndStatus: 1,
  EndStatusString: 'ok',
  HungUpSide: 'user',
  SeatUser: { Mail: 'agent@example.com', UserId: 'agent@example.com' },
  UUI: 'order-42',
  RecordId: 'rec-1',
  RecordURL: signedUrl,
};
/** ... as the data push sends it (no EndStatus code, `Uui`) ... */
const pushedCdr = {
  SdkAppId: 1400000001,
  SessionId: sessionId,
  Direction: 1,
  Caller: '00862160000000',
  Callee: '008613800138000',
  StartTimestamp: T,
  RingTimestamp: T + 1,
  AcceptTimestamp: T + 5,
  EndedTimestamp: T + 65,
  Duration: 60,
  EndStatusString: 'ok',
  HungUpSide: 'user',
  SeatUser: { Mail: 'agent@example.com', UserId: 'agent@example.com' },
  Uui: 'order-42',
  RecordId: 'rec-1',
};
/** ... and as the agent's browser saw it: national number, its own clock, millisecond times. */
const dialing: BrowserEvent = {
  sessionId,
  event: 'dialing',
  at: T * 1000 + 300,
  callee: '13800138000',
  uui: 'order-42',
};
const ringing: BrowserEvent = { sessionId, event: 'ringing', at: T * 1000 + 1500 };
const connected: BrowserEvent = { sessionId, event: 'connected', at: T * 1000 + 5700 };
const ended: BrowserEvent = { sessionId, event: 'ended', at: T * 1000 + 65_200, closeBy: 'seat' };
const browserEvents = [dialing, ringing, connected, ended];

const expected = {
  sessionId,
  direction: 'outbound',
  agent: { username: 'alice', displayName: 'Alice' },
  seatUserId: 'agent@example.com',
  callee: '13800138000',
  caller: '02160000000',
  startedAt: new Date(T * 1000).toISOString(),
  ringAt: new Date((T + 1) * 1000).toISOString(),
  acceptedAt: new Date((T + 5) * 1000).toISOString(),
  endedAt: new Date((T + 65) * 1000).toISOString(),
  talkSeconds: 60,
  outcome: 'answered',
  endStatus: 1,
  endStatusString: 'ok',
  hungUpSide: 'user',
  hasRecording: true,
  note: null,
  sources: { browser: true, push: true, sync: true },
};

type Source = 'event' | 'push' | 'sync';
const orders: Source[][] = [
  ['event', 'push', 'sync'],
  ['event', 'sync', 'push'],
  ['push', 'event', 'sync'],
  ['push', 'sync', 'event'],
  ['sync', 'event', 'push'],
  ['sync', 'push', 'event'],
];

describe.each(targets)('merging one call from three sources ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await open();
    await seedUsers(handle.db);
  });
  afterEach(async () => {
    await handle.close();
  });

  async function apply(source: Source): Promise<void> {
    const db = handle.db;
    if (source === 'event') {
      for (const ev of browserEvents)
        expect(await upsertBrowserEvent(db, demoUsers.alice, ev, Date.now())).toBe(true);
    } else if (source === 'push') {
      await ingestPush(db, { uuid: 'push-uuid-1', action: 'cdr', body: pushedCdr }, Date.now());
    } else {
      await upsertCdr(db, cdrFields(telCdrSchema.parse(syncedCdr)), 'sync', Date.now());
    }
  }

  it.each(orders.map((o) => [o.join(' → '), o] as const))(
    '%s gives the one expected record',
    async (_, order) => {
      for (const source of order) await apply(source);
      expect(await findCall(handle.db, sessionId)).toEqual(expected);
      const count = await handle.db
        .selectFrom('calls')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      expect(Number(count?.n)).toBe(1);
    },
  );

  it('all three sources at once (separate connections on PostgreSQL) still give the one expected record', async () => {
    for (let round = 0; round < 5; round++) {
      await handle.db.deleteFrom('calls').execute();
      await handle.db.deleteFrom('push_receipts').execute();
      await Promise.all([apply('event'), apply('push'), apply('sync'), apply('push')]);
      expect(await findCall(handle.db, sessionId)).toEqual(expected);
    }
  });

  it('browser events alone, in any order and repeated, give the same provisional record', async () => {
    const shuffled = [ended, ringing, dialing, connected, ended];
    for (const ev of shuffled) await upsertBrowserEvent(handle.db, demoUsers.alice, ev, Date.now());
    expect(await findCall(handle.db, sessionId)).toMatchObject({
      callee: '13800138000',
      startedAt: new Date(T * 1000 + 300).toISOString(),
      acceptedAt: new Date(T * 1000 + 5700).toISOString(),
      endedAt: new Date(T * 1000 + 65_200).toISOString(),
      talkSeconds: 60,
      outcome: 'answered',
      hungUpSide: 'seat',
      hasRecording: false,
      sources: { browser: true, push: false, sync: false },
    });
  });

  it("refuses another seat's browser events for a call TCCC attributes to a seat", async () => {
    await apply('sync');
    expect(await upsertBrowserEvent(handle.db, demoUsers.bob, ended, Date.now())).toBe(false);
    expect(await findCall(handle.db, sessionId)).toMatchObject({
      agent: { username: 'alice' },
      sources: { browser: false },
    });
  });

  it('a push delivered three times stores one call and one receipt', async () => {
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(
        await ingestPush(handle.db, { uuid: 'same-uuid', action: 'cdr', body: pushedCdr }, Date.now()),
      );
    }
    expect(results).toEqual(['stored', 'duplicate', 'duplicate']);
    const calls = await handle.db.selectFrom('calls').selectAll().execute();
    const receipts = await handle.db.selectFrom('push_receipts').selectAll().execute();
    expect(calls.map((c) => c.session_id)).toEqual([sessionId]);
    expect(receipts.map((r) => r.push_uuid)).toEqual(['same-uuid']);
  });

  it('concurrent deliveries of one push store it once', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        ingestPush(handle.db, { uuid: 'racing-uuid', action: 'cdr', body: pushedCdr }, Date.now()),
      ),
    );
    expect(results.filter((r) => r === 'stored')).toHaveLength(1);
    expect(await findCall(handle.db, sessionId)).toMatchObject({ sources: { push: true } });
  });

  it('group commit: concurrent pushes, retries among them and one bad push each get their own answer', async () => {
    const ingester = createPushIngester(handle.db, Date.now);
    const body = (i: number) => ({ ...pushedCdr, SessionId: `group-${i}` });
    const deliveries = Array.from({ length: 60 }, (_, i) =>
      ingester.ingest({ uuid: `g-${i % 50}`, action: 'cdr', body: body(i % 50) }),
    );
    const bad = ingester
      .ingest({ uuid: 'bad', action: 'cdr', body: { SessionId: 7 } })
      .catch((e: unknown) => e);
    const results = await Promise.all(deliveries);
    expect(await bad).toMatchObject({ name: 'PushRejected' });
    expect(results.filter((r) => r === 'stored')).toHaveLength(50);
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(10);
    const calls = await handle.db.selectFrom('calls').select('session_id').execute();
    expect(calls).toHaveLength(50);
    expect(
      await handle.db.selectFrom('push_receipts').selectAll().where('push_uuid', '=', 'bad').execute(),
    ).toEqual([]);
  });

  it('a recording push before the CDR marks the call without storing the signed URL', async () => {
    await ingestPush(
      handle.db,
      {
        uuid: 'rec-uuid',
        action: 'record',
        body: { SessionId: sessionId, RecordId: 'rec-1', RecordURL: signedUrl, Timestamp: T + 70 },
      },
      Date.now(),
    );
    await apply('push');
    const row = await handle.db
      .selectFrom('calls')
      .selectAll()
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('sign=abc');
    expect(await findCall(handle.db, sessionId)).toMatchObject({
      hasRecording: true,
      startedAt: new Date(T * 1000).toISOString(),
      agent: { username: 'alice' },
    });
  });
});
