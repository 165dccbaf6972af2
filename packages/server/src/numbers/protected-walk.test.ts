import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../api/contract.js';
import { buildApp } from '../app.js';
import { createMemoryAccountStore, seedDemoAccounts } from '../auth/accounts.js';
import { numberMappingOff } from '../config/number-mapping-config.js';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import type { Upstream } from '../upstream/upstream.js';
import { customerIdPattern } from './customer-id.js';

const noUpstream = {
  createSdkLogin: () => Promise.reject(new Error('not used')),
  request: () => Promise.reject(new Error('not used')),
} as unknown as Upstream;

/** The protected list's numbers: its dial column and another column that holds a number. */
const secret = '13800138077';
const spare = '13900139077';
/** Every way one of them could be written in an answer. */
const forms = [secret, spare, '138****8077', '8613800138077', '138 0013 8077', '0013800138077'];

/** 10:00 on a Tuesday in Shanghai. */
const clock = { t: Date.parse('2026-03-10T02:00:00Z'), now: () => clock.t };

async function makeApp(handle: DatabaseHandle) {
  const store = createMemoryAccountStore();
  await seedDemoAccounts(store);
  const app = buildApp({
    upstream: noUpstream,
    store,
    db: handle.db,
    sessionSecret: 'x'.repeat(40),
    now: clock.now,
    config: {
      mode: 'cloud',
      pushBasicAuth: undefined,
      tccc: { sdkAppId: 1400000001 },
      numberMapping: { ...numberMappingOff, enabled: true, basicAuth: 'tccc:mapping-secret-1' },
    },
  });
  await app.ready();
  const cookies: Record<string, string> = {};
  for (const username of ['agent', 'agent2', 'supervisor']) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password: 'tccc-demo' },
    });
    cookies[username] = res.cookies.find((c) => c.name === 'tccc_session')?.value ?? '';
  }
  const as =
    (user: string) =>
    async (method: string, url: string, payload?: unknown, type = 'application/json') => {
      const res = await app.inject({
        method: method as 'GET',
        url,
        cookies: { tccc_session: cookies[user] ?? '' },
        headers: { 'accept-language': 'en-US', ...(payload === undefined ? {} : { 'content-type': type }) },
        ...(payload === undefined
          ? {}
          : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
      });
      return { status: res.statusCode, text: res.body, headers: res.headers };
    };
  return { app, as, agent: as('agent'), supervisor: as('supervisor') };
}

for (const target of await databaseTargets()) {
  describe(`a protected list on ${target.engine}`, () => {
    let handle: DatabaseHandle;
    let ctx: Awaited<ReturnType<typeof makeApp>>;
    let listId = '';
    let entryId = '';
    beforeAll(async () => {
      handle = await target.open();
      ctx = await makeApp(handle);
      const list = await ctx.supervisor('POST', '/api/campaigns', {
        name: 'Protected list',
        protectNumbers: true,
        maskNumbers: true,
      });
      listId = JSON.parse(list.text).campaign.id;
      const csv = `name,phone,备用电话\nZhou,${secret},${spare}\n`;
      expect((await ctx.supervisor('POST', `/api/campaigns/${listId}/import`, csv, 'text/csv')).status).toBe(
        200,
      );
      const customers = `name,phone\nZhou,${secret}\n`;
      expect((await ctx.supervisor('POST', '/api/customers/import', customers, 'text/csv')).status).toBe(200);
      // A call to the number from before, as TCCC's records hold it.
      await handle.db
        .insertInto('calls')
        .values({
          session_id: 'walk-session-1',
          direction: 'outbound',
          seat_user_id: 'agent@example.com',
          agent_username: 'agent',
          phone: secret,
          callee: secret,
          caller: '02160000000',
          started_at: clock.t - 3_600_000,
          ring_at: null,
          accepted_at: null,
          ended_at: clock.t - 3_500_000,
          talk_seconds: 0,
          outcome: 'busy',
          end_status: 206,
          end_status_string: 'busy',
          hung_up_side: 'user',
          uui: null,
          record_id: null,
          has_recording: 0,
          note: null,
          has_cdr: 1,
          from_browser: 0,
          from_push: 1,
          from_sync: 0,
          created_at: clock.t,
          updated_at: clock.t,
        })
        .execute();
    });
    afterAll(async () => {
      await ctx?.app.close();
      await handle?.close();
    });

    it('the agent works the list by customer ID and no route of the contract answers a protected number', async () => {
      const claim = await ctx.agent('POST', `/api/campaigns/${listId}/claim`);
      const entry = JSON.parse(claim.text).entry;
      if (!entry) throw new Error(`claim answered ${claim.status} ${claim.text}`);
      entryId = entry.id;
      expect(entry.customerId).toMatch(customerIdPattern);
      expect(entry.phone).toBe(entry.customerId);
      expect(entry.dialNumber).toBeUndefined();
      const permit = await ctx.agent('POST', '/api/dial-permits', { campaignId: listId, entryId });
      expect(JSON.parse(permit.text)).toMatchObject({ allowed: true, customerId: entry.customerId });

      const params: Record<string, string> = {
        id: listId,
        entryId,
        sessionId: 'walk-session-1',
        phone: secret,
      };
      const bodies: Record<string, unknown> = {
        'POST /api/dial-permits': { campaignId: listId, entryId },
        'POST /api/campaigns/:id/entries/:entryId/result': { outcome: 'busy' },
        'POST /api/calls/events': {
          sessionId: 'walk-session-2',
          event: 'dialing',
          at: new Date(clock.t).toISOString(),
          callee: entry.customerId,
          direction: 'outbound',
        },
        'PUT /api/calls/:sessionId/note': { note: 'called back' },
      };
      const queries: Record<string, string> = {
        'GET /api/stats': `?from=${encodeURIComponent(new Date(clock.t - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(clock.t).toISOString())}`,
        'DELETE /api/dnc/:phone': '?reason=walk',
      };
      const walked: string[] = [];
      for (const area of Object.values(contract)) {
        for (const def of Object.values(area) as { method: string; url: string }[]) {
          const key = `${def.method} ${def.url}`;
          if (
            key === 'DELETE /api/session' ||
            key === 'POST /api/session' ||
            key === 'POST /api/tccc/sdk-url'
          )
            continue;
          const url =
            def.url.replace(/:(\w+)/g, (_, name: string) => params[name] ?? name) + (queries[key] ?? '');
          const res = await ctx.agent(
            def.method,
            url,
            bodies[key] ?? (def.method === 'GET' ? undefined : {}),
          );
          walked.push(`${key} ${res.status}`);
          const seen = `${res.text} ${res.headers.location ?? ''}`;
          for (const form of forms) expect(seen, `${key} answered ${res.status}`).not.toContain(form);
        }
      }
      // Every area was reached, the agent's own routes answered.
      expect(walked).toEqual(
        expect.arrayContaining([
          'GET /api/calls 200',
          'GET /api/calls/export.csv 200',
          'GET /api/customers 200',
          'POST /api/campaigns/:id/claim 200',
          'GET /api/campaigns/callbacks 200',
          'POST /api/campaigns/:id/entries/:entryId/result 200',
        ]),
      );
    });

    it('the supervisor still sees the numbers', async () => {
      const calls = await ctx.supervisor('GET', '/api/calls');
      expect(calls.text).toContain(secret);
      const csv = await ctx.supervisor('GET', '/api/calls/export.csv');
      expect(csv.text).toContain(secret);
      expect((await ctx.supervisor('GET', '/api/customers')).text).toContain(secret);
      const entries = await ctx.supervisor('GET', `/api/campaigns/${listId}/entries`);
      expect(entries.text).toContain(secret);
      expect(entries.text).toContain(spare);
    });

    it("audits each answer that showed the supervisor the list's numbers, for supervisors only", async () => {
      const reveals = await ctx.supervisor('GET', '/api/number-reveals');
      expect(reveals.status).toBe(200);
      const items = JSON.parse(reveals.text).items as {
        at: string;
        username: string;
        route: string;
        campaignIds: string[];
        numbers: number;
      }[];
      expect(items.map((r) => r.route).sort()).toEqual([
        'GET /api/calls',
        'GET /api/calls/export.csv',
        'GET /api/campaigns/:id/entries',
        'GET /api/customers',
      ]);
      for (const r of items) {
        expect(r).toMatchObject({
          username: 'supervisor',
          campaignIds: [listId],
          at: new Date(clock.t).toISOString(),
        });
        expect(r.numbers).toBeGreaterThan(0);
      }
      expect(reveals.text).not.toContain(secret);
      // The agent's own answers are shielded, so they reveal nothing; the audit is not theirs to read.
      expect((await ctx.agent('GET', '/api/number-reveals')).status).toBe(403);
      // An answer without protected numbers is not audited.
      await ctx.supervisor('GET', '/api/calls?phone=13700137099');
      expect(JSON.parse((await ctx.supervisor('GET', '/api/number-reveals')).text).items).toHaveLength(4);
    });

    it('a history search by a protected number finds nothing for the agent; a typed number shows as typed to its agent', async () => {
      const search = await ctx.agent('GET', `/api/calls?phone=${secret}`);
      expect(search.status).toBe(200);
      expect(JSON.parse(search.text).items).toEqual([]);
      const formatted = await ctx.agent('GET', `/api/calls?phone=${encodeURIComponent('+86 138-0013-8077')}`);
      expect(JSON.parse(formatted.text).items).toEqual([]);
      const csv = await ctx.agent('GET', `/api/calls/export.csv?phone=${secret}`);
      expect(csv.status).toBe(200);
      expect(csv.text.trim().split('\n')).toHaveLength(1);
      // Nor does the customer search by the number, or by part of it; by name it finds them, by ID.
      for (const q of [secret, '0013800']) {
        const found = await ctx.agent('GET', `/api/customers?q=${encodeURIComponent(q)}`);
        expect(JSON.parse(found.text).items, q).toEqual([]);
      }
      const byName = JSON.parse((await ctx.agent('GET', '/api/customers?q=Zhou')).text).items;
      expect(byName).toHaveLength(1);
      expect(byName[0].phone).toMatch(customerIdPattern);
      expect(
        JSON.parse((await ctx.supervisor('GET', `/api/customers?q=${secret}`)).text).items,
      ).toMatchObject([{ phone: secret }]);
      // The same search finds the call for the supervisor.
      const sup = await ctx.supervisor('GET', `/api/calls?phone=${secret}`);
      expect(JSON.parse(sup.text).items.map((c: { sessionId: string }) => c.sessionId)).toContain(
        'walk-session-1',
      );

      // A number the agent typed on the dial pad, on no protected list: theirs to see as typed.
      const typed = '13700137001';
      const row = await handle.db
        .selectFrom('calls')
        .selectAll()
        .where('session_id', '=', 'walk-session-1')
        .executeTakeFirstOrThrow();
      await handle.db
        .insertInto('calls')
        .values({ ...row, session_id: 'walk-typed-1', phone: typed, callee: typed })
        .execute();
      const mine = await ctx.agent('GET', `/api/calls?phone=${typed}`);
      expect(JSON.parse(mine.text).items).toMatchObject([{ sessionId: 'walk-typed-1', callee: typed }]);
      // Another agent's history never holds it (history shows an agent only their own calls).
      const other = await ctx.as('agent2')('GET', '/api/calls?limit=100');
      expect(other.status).toBe(200);
      expect(other.text).not.toContain(typed);
    });
  });
}
