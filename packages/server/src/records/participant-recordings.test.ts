// Each participant's own recording (the seat's voice, the customer's) is learnt from TCCC's record
// push and from the CDR's ServeParticipants (push and DescribeTelCdr sync), listed on the call's page
// without the customer's number, and served like the mixed recording: a redirect to a signed link,
// refused to an agent whose call it is not.
import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import { createUpstream } from '../upstream/client.js';
import type { Upstream } from '../upstream/upstream.js';
import { cdrApiFromUpstream } from './cdr-api.js';
import { syncCdrs } from './cdr-sync.js';
import { buildRecordsApp, pushAuth, pushHeader, seedUsers } from './test-support/records-app.js';

const targets = await databaseTargets();

interface Listed {
  items: { recordId: string; side: 'agent' | 'customer'; agent: { displayName: string } | null }[];
}

describe.each(targets)("each participant's recording ($engine)", ({ open }) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let emulator: Emulator;
  let upstream: Upstream;
  beforeEach(async () => {
    handle = await open();
    await seedUsers(handle.db);
    emulator = await startEmulator({ port: 0, pushRetryDelayMs: 10, pushBasicAuth: pushAuth });
    upstream = createUpstream({
      apiEndpoint: emulator.apiEndpoint,
      protocol: 'http://',
      secretId: emulator.config.secretId,
      secretKey: emulator.config.secretKey,
      sdkAppId: emulator.config.sdkAppId,
    });
    app = await buildRecordsApp(handle.db, {
      cdrApi: cdrApiFromUpstream(upstream, emulator.config.sdkAppId),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    emulator.push.configure({ url: `http://127.0.0.1:${port}/api/tccc/push`, basicAuth: pushAuth });
  });
  afterEach(async () => {
    upstream.close?.();
    await emulator.close();
    await app.close();
    await handle.close();
  });

  const as = (user: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { 'x-test-user': user } });
  /** The bytes behind a recording route's redirect. */
  const audioOf = async (user: string, url: string): Promise<Buffer> => {
    const res = await as(user, url);
    expect(res.statusCode).toBe(302);
    // Node's resolver does not know *.localhost (RFC 6761): the same link, by address.
    const audio = await fetch(String(res.headers.location).replace('//ccc.localhost:', '//127.0.0.1:'));
    expect(audio.status).toBe(200);
    return Buffer.from(await audio.arrayBuffer());
  };
  /** The answered calls among seeded ones (the others have no recording). */
  const answered = async (ids: string[]) =>
    (
      await handle.db
        .selectFrom('calls')
        .select('session_id')
        .where('session_id', 'in', ids)
        .where('has_recording', '=', 1)
        .execute()
    ).map((r) => r.session_id);

  it('lists the seat and the customer from the push and plays each one apart from the mix', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const ids = emulator.seedCdrs({
      count: 12,
      startTimestamp: nowS - 3600,
      endTimestamp: nowS - 600,
      seatUserId: 'agent@example.com',
      push: true,
    });
    await emulator.push.idle();
    const [sessionId] = await answered(ids);
    expect(sessionId).toBeDefined();

    const listed = (await as('alice', `/api/calls/${sessionId}/recordings`)).json<Listed>();
    expect(listed.items.map((r) => [r.side, r.agent?.displayName ?? null])).toEqual([
      ['agent', 'Alice'],
      ['customer', null],
    ]);
    const [seat, customer] = listed.items.map((r) => `/api/calls/${sessionId}/recordings/${r.recordId}`);
    const mixed = await audioOf('alice', `/api/calls/${sessionId}/recording`);
    const seatAudio = await audioOf('alice', seat as string);
    const customerAudio = await audioOf('alice', customer as string);
    // Three distinct WAV files of one length: one timeline, each with its own voices.
    for (const wav of [seatAudio, customerAudio]) {
      expect(wav.subarray(0, 4).toString()).toBe('RIFF');
      expect(wav.length).toBe(mixed.length);
    }
    expect(seatAudio.equals(customerAudio)).toBe(false);
    expect(seatAudio.equals(mixed)).toBe(false);

    // Another agent finds neither the list nor a channel, as with the mixed recording.
    for (const url of [`/api/calls/${sessionId}/recordings`, seat as string, customer as string]) {
      const refused = await as('bob', url);
      expect(refused.statusCode).toBe(404);
      expect(refused.json()).toMatchObject({ error: { code: 'CALL_NOT_FOUND' } });
    }
    expect((await as('bob', `/api/calls/${sessionId}/recording`)).statusCode).toBe(404);
    // A supervisor plays them; an id that is not the call's is no recording of it.
    expect((await as('sue', seat as string)).statusCode).toBe(302);
    const stranger = await as('alice', `/api/calls/${sessionId}/recordings/R0000`);
    expect(stranger.json()).toMatchObject({ error: { code: 'RECORDING_NOT_FOUND' } });
  });

  it("learns the seats' recordings from the DescribeTelCdr sync alone", async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const ids = emulator.seedCdrs({
      count: 12,
      startTimestamp: nowS - 3600,
      endTimestamp: nowS - 600,
      seatUserId: 'agent@example.com',
    });
    await syncCdrs({
      db: handle.db,
      api: cdrApiFromUpstream(upstream, emulator.config.sdkAppId),
      since: Date.now() - 2 * 3600_000,
    });
    const [sessionId] = await answered(ids);
    const listed = (await as('alice', `/api/calls/${sessionId}/recordings`)).json<Listed>();
    // The customer's own recording is named only by the record push: the sync brings the seat's.
    expect(listed.items.map((r) => r.side)).toEqual(['agent']);
    const seat = await audioOf('alice', `/api/calls/${sessionId}/recordings/${listed.items[0]?.recordId}`);
    const mixed = await audioOf('alice', `/api/calls/${sessionId}/recording`);
    expect(seat.length).toBe(mixed.length);
    expect(seat.equals(mixed)).toBe(false);
  });

  it("names a protected customer's recording by its side only", async () => {
    const push = (action: string, body: unknown) =>
      app.inject({
        method: 'POST',
        url: `/api/tccc/push?action=${action}&version=1`,
        headers: {
          'content-type': 'application/json;charset=utf8',
          authorization: pushHeader,
          'x-tccc-push-uuid': crypto.randomUUID(),
        },
        payload: JSON.stringify(body),
      });
    const t = Math.floor(Date.now() / 1000) - 600;
    const cdr = await push('cdr', {
      SessionId: 'protected-1',
      Direction: 1,
      Caller: '02160000000',
      Callee: '',
      ProtectedCallee: 'cust-7f3a',
      StartTimestamp: t,
      AcceptTimestamp: t + 5,
      EndedTimestamp: t + 60,
      EndStatusString: 'ok',
      SeatUser: { Mail: 'agent@example.com' },
      RecordId: 'Rmix',
      ServeParticipants: [{ Mail: 'agent@example.com', RecordId: 'Rseat', Type: 'staffSeat' }],
    });
    expect(cdr.statusCode).toBe(200);
    const record = await push('record', {
      SessionId: 'protected-1',
      RecordId: 'Rcust',
      EndpointUser: 'cust-7f3a',
      RecordURL: 'https://records.example.com/Rcust.mp3?expires=9999999999',
      Timestamp: t + 60,
    });
    expect(record.statusCode).toBe(200);
    const listed = await as('alice', '/api/calls/protected-1/recordings');
    expect(listed.json<Listed>().items.map((r) => r.side)).toEqual(['agent', 'customer']);
    expect(listed.body).not.toContain('cust-7f3a');
    const rows = await handle.db.selectFrom('call_recordings').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('cust-7f3a');
    expect(JSON.stringify(rows)).not.toContain('records.example.com');
    const played = await as('alice', '/api/calls/protected-1/recordings/Rcust');
    expect(played.statusCode).toBe(302);
    expect(played.headers.location).toBe('https://records.example.com/Rcust.mp3?expires=9999999999');
  });
});
