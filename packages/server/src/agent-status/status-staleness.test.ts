import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { buildRecordsApp, seedUsers } from '../records/test-support/records-app.js';
import { databaseTargets } from '../test-support/databases.js';

const targets = await databaseTargets();
const day = Date.parse('2026-03-10T00:00:00+08:00');
const min = 60_000;
const h9 = day + 9 * 60 * min;

describe.each(targets)('a browser that vanishes stops counting ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let t = day;
  beforeEach(async () => {
    handle = await open();
    await seedUsers(handle.db);
    app = await buildRecordsApp(handle.db, { now: () => t, statusStaleSeconds: 180 });
  });
  afterEach(async () => {
    await app.close();
    await handle.close();
  });

  const post = (url: string, at: number, payload: Record<string, unknown>) => {
    t = at;
    return app.inject({ method: 'POST', url, headers: { 'x-test-user': 'alice' }, payload });
  };
  const alice = async (at: number) => {
    t = at;
    const res = await app.inject({
      method: 'GET',
      url: `/api/agent-status/summary?from=${new Date(day).toISOString()}&to=${new Date(day + 86_400_000).toISOString()}`,
      headers: { 'x-test-user': 'sue' },
    });
    return res.json().agents.find((a: { username: string }) => a.username === 'alice');
  };

  it('counts a status while the browser is heard from, and ends it 180 s after the last word', async () => {
    expect((await post('/api/agent-status', h9, { status: 'free' })).statusCode).toBe(200);
    for (let i = 1; i <= 10; i++)
      expect((await post('/api/agent-status/alive', h9 + i * min, {})).json()).toEqual({ ok: true });
    // Heard from at 09:10: still free at 09:12.
    expect(await alice(h9 + 12 * min)).toMatchObject({ current: 'free', seconds: { free: 12 * 60 } });
    // Silent since 09:10: at noon it counts 09:00–09:13 and is offline.
    expect(await alice(day + 12 * 60 * min)).toMatchObject({
      current: 'offline',
      seconds: { free: 13 * 60 },
      signedInSeconds: 13 * 60,
    });
  });

  it('a browser back after a silence: the gap is offline, and the status counts again', async () => {
    await post('/api/agent-status', h9, { status: 'rest', reason: 'lunch' });
    // Nothing for an hour, then the heartbeat again (a laptop woken up), then free.
    for (let i = 60; i < 70; i++) await post('/api/agent-status/alive', h9 + i * min, {});
    await post('/api/agent-status', h9 + 70 * min, { status: 'free' });
    for (let i = 71; i < 80; i++) await post('/api/agent-status/alive', h9 + i * min, {});
    expect(await alice(h9 + 80 * min)).toMatchObject({
      current: 'free',
      seconds: { rest: 3 * 60 + 10 * 60, offline: 57 * 60, free: 10 * 60 },
      restByReason: { lunch: 13 * 60 },
    });
  });
});
