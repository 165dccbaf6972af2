import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentStatusConfig } from '../config/agent-status-config.js';
import type { DatabaseHandle } from '../db/database.js';
import { buildRecordsApp, seedUsers } from '../records/test-support/records-app.js';
import { databaseTargets } from '../test-support/databases.js';

const targets = await databaseTargets();
const day = Date.parse('2026-03-10T00:00:00+08:00');
const min = 60_000;

describe.each(targets)('time in status per agent per day ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let t = day;
  beforeEach(async () => {
    handle = await open();
    await seedUsers(handle.db);
    // Browsers heard from all along (the staleness bound has its own test).
    app = await buildRecordsApp(handle.db, { now: () => t, statusStaleSeconds: 2 * 86_400 });
  });
  afterEach(async () => {
    await app.close();
    await handle.close();
  });

  const report = (user: string, at: number, body: Record<string, unknown>) => {
    t = at;
    return app.inject({
      method: 'POST',
      url: '/api/agent-status',
      headers: { 'x-test-user': user },
      payload: body,
    });
  };
  const summary = async (user: string, from: number, to: number) =>
    app.inject({
      method: 'GET',
      url: `/api/agent-status/summary?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
      headers: { 'x-test-user': user },
    });

  it('adds up each status until the next change, the open one until now, and reads occupancy', async () => {
    // Alice signed in at 09:00 the day before and was free through the night until 09:00 today.
    await report('alice', day - 15 * 60 * min, { status: 'free' });
    await report('alice', day + 9 * 60 * min, { status: 'busy' }); // 09:00 a call, 20 min
    await report('alice', day + 9 * 60 * min + 20 * min, { status: 'arrange' }); // 10 min wrap-up
    await report('alice', day + 9 * 60 * min + 30 * min, { status: 'rest', reason: 'lunch' }); // 60 min
    await report('alice', day + 10 * 60 * min + 30 * min, { status: 'rest', reason: 'lunch' }); // no change
    await report('alice', day + 10 * 60 * min + 30 * min, { status: 'rest', reason: 'training' }); // 30 min
    await report('alice', day + 11 * 60 * min, { status: 'free' });
    await report('bob', day + 11 * 60 * min, { status: 'offline' });
    t = day + 12 * 60 * min; // noon: alice has been free for an hour

    const res = await summary('sue', day, day + 24 * 60 * min);
    expect(res.statusCode).toBe(200);
    const alice = res.json().agents.find((a: { username: string }) => a.username === 'alice');
    expect(alice).toEqual({
      username: 'alice',
      displayName: 'Alice',
      current: 'free',
      // Free from midnight (carried over from the day before) to 09:00, then 11:00-12:00.
      seconds: { free: 10 * 3600, busy: 1200, arrange: 600, notReady: 0, rest: 5400, offline: 0 },
      restByReason: { lunch: 3600, training: 1800 },
      signedInSeconds: 12 * 3600,
      occupancy: Math.round((1800 / (12 * 3600)) * 1000) / 1000,
    });
    const bob = res.json().agents.find((a: { username: string }) => a.username === 'bob');
    expect(bob).toMatchObject({ current: 'offline', signedInSeconds: 0, occupancy: 0 });

    // The day before holds the 15 hours from 09:00 to midnight; bob had not reported yet.
    const before = (await summary('sue', day - 24 * 60 * min, day)).json().agents;
    expect(before).toMatchObject([
      { username: 'alice', seconds: { free: 15 * 3600 }, signedInSeconds: 15 * 3600 },
    ]);
  });

  it('lets only supervisors read it, and refuses a reason without rest', async () => {
    expect((await summary('alice', day, day + min)).json().error.code).toBe('FORBIDDEN');
    expect((await report('alice', day, { status: 'free', reason: 'lunch' })).statusCode).toBe(400);
    expect((await report('alice', day, { status: 'dancing' })).statusCode).toBe(400);
    expect((await report('nobody', day, { status: 'free' })).statusCode).toBe(401);
    const reasons = await app.inject({
      method: 'GET',
      url: '/api/agent-status/settings',
      headers: { 'x-test-user': 'alice' },
    });
    expect(reasons.json()).toMatchObject({ restReasons: ['lunch', 'training', 'meeting'], wrapUpSeconds: 0 });
  });
});

describe('AGENT_REST_REASONS', () => {
  it('reads a comma-separated list and names the variable when a reason is too long', () => {
    expect(agentStatusConfig({ AGENT_REST_REASONS: 'lunch, 培训 ,,meeting' }).restReasons).toEqual([
      'lunch',
      '培训',
      'meeting',
    ]);
    expect(agentStatusConfig({})).toEqual({
      restReasons: [],
      wrapUpSeconds: 0,
      callDispositions: [],
      statusStaleSeconds: 180,
    });
    expect(agentStatusConfig({ WRAP_UP_SECONDS: '15' }).wrapUpSeconds).toBe(15);
    expect(() => agentStatusConfig({ WRAP_UP_SECONDS: '601' })).toThrow(/^WRAP_UP_SECONDS: /);
    expect(() => agentStatusConfig({ AGENT_REST_REASONS: 'x'.repeat(41) })).toThrow(/^AGENT_REST_REASONS: /);
  });
});
