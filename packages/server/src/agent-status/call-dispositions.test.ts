import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentStatusConfig } from '../config/agent-status-config.js';
import type { DatabaseHandle } from '../db/database.js';
import { buildRecordsApp, seedUsers } from '../records/test-support/records-app.js';
import { databaseTargets } from '../test-support/databases.js';

const targets = await databaseTargets();

describe.each(targets)('dispositions of calls outside a list ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  beforeEach(async () => {
    handle = await open();
    await seedUsers(handle.db);
    app = await buildRecordsApp(handle.db, {
      now: () => Date.parse('2026-03-10T10:00:00+08:00'),
      callDispositions: ['interested', 'complaint'],
    });
  });
  afterEach(async () => {
    await app.close();
    await handle.close();
  });

  const as = (user: string) => ({ 'x-test-user': user });
  const dispose = (user: string, sessionId: string, disposition: string | null) =>
    app.inject({
      method: 'PUT',
      url: `/api/calls/${sessionId}/disposition`,
      headers: as(user),
      payload: { disposition },
    });
  const record = async (user: string, sessionId: string) =>
    (await app.inject({ method: 'GET', url: '/api/calls', headers: as(user) }))
      .json()
      .items.find((c: { sessionId: string }) => c.sessionId === sessionId);
  const event = (user: string, sessionId: string, name: string) =>
    app.inject({
      method: 'POST',
      url: '/api/calls/events',
      headers: as(user),
      payload: { sessionId, event: name, at: '2026-03-10T02:00:00.000Z', callee: '13800138000' },
    });

  it("lists the deployment's dispositions, a known key translated, another as written", async () => {
    const settings = await app.inject({
      method: 'GET',
      url: '/api/agent-status/settings',
      headers: as('alice'),
    });
    expect(settings.json().dispositions).toEqual([
      { key: 'interested', label: { 'zh-CN': '有意向', 'en-US': 'Interested' }, callback: false },
      { key: 'complaint', label: { 'zh-CN': 'complaint', 'en-US': 'complaint' }, callback: false },
    ]);
  });

  it("saves the agent's disposition with the call, keeps it through the call's later events, and clears it", async () => {
    expect((await event('alice', 's-acw-1', 'dialing')).statusCode).toBe(202);
    expect(await record('alice', 's-acw-1')).not.toHaveProperty('disposition');
    expect((await dispose('alice', 's-acw-1', 'complaint')).json()).toEqual({ ok: true });
    expect((await event('alice', 's-acw-1', 'ended')).statusCode).toBe(202);
    expect(await record('alice', 's-acw-1')).toMatchObject({
      sessionId: 's-acw-1',
      disposition: 'complaint',
    });
    // The supervisor sees it too.
    expect(await record('sue', 's-acw-1')).toMatchObject({ disposition: 'complaint' });
    expect((await dispose('alice', 's-acw-1', null)).statusCode).toBe(200);
    expect(await record('alice', 's-acw-1')).not.toHaveProperty('disposition');
  });

  it('refuses a key the deployment does not offer, and a call of another seat', async () => {
    await event('alice', 's-acw-2', 'dialing');
    const unknown = await dispose('alice', 's-acw-2', 'wrongNumber');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, 'INVALID_REQUEST']);
    const theirs = await dispose('bob', 's-acw-2', 'interested');
    expect([theirs.statusCode, theirs.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await record('alice', 's-acw-2')).not.toHaveProperty('disposition');
    expect((await dispose('nobody', 's-acw-2', 'interested')).statusCode).toBe(401);
  });
});

describe('CALL_DISPOSITIONS', () => {
  it('reads comma-separated keys and names the variable for a key that is not one', () => {
    expect(agentStatusConfig({ CALL_DISPOSITIONS: 'interested, complaint,,' }).callDispositions).toEqual([
      'interested',
      'complaint',
    ]);
    expect(() => agentStatusConfig({ CALL_DISPOSITIONS: 'has space' })).toThrow(/^CALL_DISPOSITIONS: /);
  });
});
