import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createMemoryAccountStore, seedDemoAccounts } from '../auth/accounts.js';
import { numberMappingOff } from '../config/number-mapping-config.js';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import type { Upstream } from '../upstream/upstream.js';
import { customerIdPattern } from './customer-id.js';

// The mapping endpoint never reaches the contact center; an upstream that fails loudly proves it.
const noUpstream = {
  createSdkLogin: () => Promise.reject(new Error('not used')),
  request: () => Promise.reject(new Error('not used')),
} as unknown as Upstream;

const credentials = 'tccc:mapping-secret-1';
const pushCredentials = 'tccc:push-secret-12';
const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;

/** 10:00 on a Tuesday in Shanghai. */
const tuesdayMorning = Date.parse('2026-03-10T02:00:00Z');

async function makeApp(handle: DatabaseHandle, clock: { now(): number }, enabled = true) {
  const store = createMemoryAccountStore();
  await seedDemoAccounts(store);
  const app = buildApp({
    upstream: noUpstream,
    store,
    db: handle.db,
    sessionSecret: 'x'.repeat(40),
    sessionTtlSeconds: 30 * 86_400,
    now: () => clock.now(),
    config: {
      mode: 'cloud',
      pushBasicAuth: pushCredentials,
      tccc: { sdkAppId: 1400000001 },
      numberMapping: { ...numberMappingOff, enabled, basicAuth: credentials, permitTtlMs: 30_000 },
    },
  });
  await app.ready();
  const cookies: Record<string, Record<string, string>> = {};
  for (const username of ['agent', 'supervisor']) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password: 'tccc-demo' },
    });
    cookies[username] = { tccc_session: res.cookies.find((c) => c.name === 'tccc_session')?.value ?? '' };
  }
  const as = (user: string) => async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await app.inject({
      method,
      url,
      cookies: cookies[user] ?? {},
      headers: { 'accept-language': 'en-US' },
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, body: res.json() };
  };
  /** TCCC asking the endpoint, as the console is set up. */
  const tccc = async (body: unknown, auth = credentials) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/tccc/number-mapping',
      headers: { authorization: basic(auth), 'content-type': 'application/json;charset=utf8' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.statusCode, body: res.json() };
  };
  /** TCCC's data push of one phone CDR. */
  const pushCdr = async (cdr: Record<string, unknown>) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/tccc/push?action=cdr&version=1',
      headers: {
        authorization: basic(pushCredentials),
        'content-type': 'application/json;charset=utf8',
        'x-tccc-push-uuid': crypto.randomUUID(),
      },
      payload: JSON.stringify(cdr),
    });
    expect(res.statusCode).toBe(200);
  };
  return { app, agent: as('agent'), supervisor: as('supervisor'), tccc, pushCdr };
}

for (const target of await databaseTargets()) {
  describe(`number mapping on ${target.engine}`, () => {
    let handle: DatabaseHandle;
    let ctx: Awaited<ReturnType<typeof makeApp>>;
    let t = tuesdayMorning;
    const clock = { now: () => t };
    beforeAll(async () => {
      handle = await target.open();
      ctx = await makeApp(handle, clock);
    });
    afterAll(async () => {
      await ctx?.app.close();
      await handle?.close();
    });

    it('refuses a wrong password, a bad body and an oversized one, in TCCC shape with a coded error', async () => {
      const wrong = await ctx.tccc({ Numbers: ['008613800138000'], Mode: 'PhoneToUID' }, 'tccc:guessed-pass');
      expect(wrong).toMatchObject({
        status: 401,
        body: { Code: 1401, error: { code: 'MAPPING_UNAUTHORIZED' } },
      });
      const bad = await ctx.tccc({ Numbers: [], Mode: 'PhoneToUID' });
      expect(bad).toMatchObject({ status: 400, body: { Code: 1400, error: { code: 'MAPPING_INVALID' } } });
      expect((await ctx.tccc('not json')).body.error.code).toBe('MAPPING_INVALID');
      const huge = await ctx.tccc({ Numbers: ['1'.repeat(20_000)], Mode: 'PhoneToUID' });
      expect(huge.status).toBe(413);
    });

    it('gives every number one stable, random ID and answers UIDToPhone with 0086 + the number', async () => {
      const first = await ctx.tccc({ Numbers: ['008613912345678', '13912345679'], Mode: 'PhoneToUID' });
      expect(first.status).toBe(200);
      expect(first.body.Code).toBe(0);
      const [a, b] = first.body.Results as { Key: string; Value: string }[];
      expect(a?.Key).toBe('008613912345678');
      expect(a?.Value).toMatch(customerIdPattern);
      expect(a?.Value).not.toBe(b?.Value);
      // The same number in any form is the same customer.
      const again = await ctx.tccc({ Numbers: ['13912345678'], Mode: 'PhoneToUID' });
      expect(again.body.Results[0].Value).toBe(a?.Value);
      // The agent's permit names the same ID; TCCC's UIDToPhone then gets the number, once.
      const permit = await ctx.agent('POST', '/api/dial-permits', { phone: '13912345678' });
      expect(permit.body).toMatchObject({ allowed: true, customerId: a?.Value });
      expect(Date.parse(permit.body.expiresAt)).toBe(t + 30_000);
      const phone = await ctx.tccc({ Numbers: [a?.Value], Mode: 'UIDToPhone' });
      expect(phone.body).toEqual({ Code: 0, Results: [{ Key: a?.Value, Value: '008613912345678' }] });
      // A customer shown by ID is dialled by that ID; an ID the server never gave out is refused.
      const byId = await ctx.agent('POST', '/api/dial-permits', { customerId: a?.Value });
      expect(byId.body).toMatchObject({ allowed: true, customerId: a?.Value });
      const unknown = await ctx.agent('POST', '/api/dial-permits', { customerId: 'C0000000000' });
      expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'MAPPING_ID_UNKNOWN' } } });
    });

    it('refuses a guessed ID, a missing, expired or reused permit, each with its own Code', async () => {
      const guessed = await ctx.tccc({ Numbers: ['C0000000000'], Mode: 'UIDToPhone' });
      expect(guessed.body).toMatchObject({ Code: 1001, Results: [], error: { code: 'MAPPING_ID_UNKNOWN' } });
      const id = (await ctx.tccc({ Numbers: ['13912340001'], Mode: 'PhoneToUID' })).body.Results[0].Value;
      const none = await ctx.tccc({ Numbers: [id], Mode: 'UIDToPhone' });
      expect(none.body).toMatchObject({ Code: 1002, error: { code: 'PERMIT_MISSING' } });

      expect((await ctx.agent('POST', '/api/dial-permits', { phone: '13912340001' })).body.allowed).toBe(
        true,
      );
      t += 31_000;
      const expired = await ctx.tccc({ Numbers: [id], Mode: 'UIDToPhone' });
      expect(expired.body).toMatchObject({ Code: 1003, error: { code: 'PERMIT_EXPIRED' } });

      expect((await ctx.agent('POST', '/api/dial-permits', { phone: '13912340001' })).body.allowed).toBe(
        true,
      );
      expect((await ctx.tccc({ Numbers: [id], Mode: 'UIDToPhone' })).body.Code).toBe(0);
      const reused = await ctx.tccc({ Numbers: [id], Mode: 'UIDToPhone' });
      expect(reused.body).toMatchObject({ Code: 1004, error: { code: 'PERMIT_USED' } });
    });

    it('uses a permit once even when TCCC asks twice at the same moment', async () => {
      const permit = await ctx.agent('POST', '/api/dial-permits', { phone: '13912340002' });
      const id = permit.body.customerId as string;
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => ctx.tccc({ Numbers: [id], Mode: 'UIDToPhone' })),
      );
      expect(answers.map((a) => a.body.Code).sort()).toEqual([0, 1004, 1004, 1004]);
    });

    it('applies the dial-pad rules to typed numbers: do-not-call, 08:00–21:00 and 3 calls in 5 minutes', async () => {
      expect(
        (await ctx.supervisor('POST', '/api/dnc', { phone: '13912340003', reason: 'Asked not to be called' }))
          .status,
      ).toBe(200);
      const dnc = await ctx.agent('POST', '/api/dial-permits', { phone: '13912340003' });
      expect(dnc.body).toMatchObject({ allowed: false, reason: 'DNC_LISTED' });
      const id = (await ctx.tccc({ Numbers: ['13912340003'], Mode: 'PhoneToUID' })).body.Results[0].Value;
      // A devtools dial of that ID after the refusal is refused with the rule's own Code.
      expect((await ctx.tccc({ Numbers: [id], Mode: 'UIDToPhone' })).body).toMatchObject({
        Code: 1011,
        error: { code: 'DNC_LISTED' },
      });

      const capped = '13912340004';
      for (let i = 0; i < 3; i++) {
        const p = await ctx.agent('POST', '/api/dial-permits', { phone: capped });
        expect(p.body.allowed).toBe(true);
        expect((await ctx.tccc({ Numbers: [p.body.customerId], Mode: 'UIDToPhone' })).body.Code).toBe(0);
      }
      const fourth = await ctx.agent('POST', '/api/dial-permits', { phone: capped });
      expect(fourth.body).toMatchObject({
        allowed: false,
        reason: 'FREQUENCY_CAP_REACHED',
        rule: { period: 'window', cap: 3, calls: 3, windowSeconds: 300 },
        ruleText: 'Cap 3 calls per 5 minutes; the call records hold 3',
      });
      // A permit is not a call: asking without dialling never uses up the cap.
      t += 5 * 60_000 + 1;
      expect((await ctx.agent('POST', '/api/dial-permits', { phone: capped })).body.allowed).toBe(true);

      const night = Date.parse('2026-03-10T14:30:00Z'); // 22:30 in Shanghai
      t = night;
      const late = await ctx.agent('POST', '/api/dial-permits', { phone: '13912340005' });
      expect(late.body).toMatchObject({
        allowed: false,
        reason: 'OUTSIDE_CALLING_HOURS',
        rule: { start: '08:00', end: '21:00', localTime: '22:30' },
      });
      t = tuesdayMorning + 86_400_000;
    });

    it('refuses a list that protects numbers while mapping is off', async () => {
      const off = await makeApp(handle, clock, false);
      try {
        const res = await off.supervisor('POST', '/api/campaigns', {
          name: 'Protected',
          protectNumbers: true,
        });
        expect(res).toMatchObject({
          status: 409,
          body: { error: { code: 'NUMBER_PROTECTION_NEEDS_MAPPING' } },
        });
        const asked = await off.tccc({ Numbers: ['13912340009'], Mode: 'PhoneToUID' });
        expect(asked.body).toMatchObject({ Code: 1409, error: { code: 'NUMBER_MAPPING_OFF' } });
      } finally {
        await off.app.close();
      }
      const on = await ctx.supervisor('POST', '/api/campaigns', { name: 'Protected', protectNumbers: true });
      expect(on).toMatchObject({ status: 201, body: { campaign: { protectNumbers: true } } });
    });

    it('resolves a protected CDR through the mapping table and flags a call that carried no permit', async () => {
      const permit = await ctx.agent('POST', '/api/dial-permits', { phone: '13912340011' });
      const id = permit.body.customerId as string;
      expect((await ctx.tccc({ Numbers: [id], Mode: 'UIDToPhone' })).body.Code).toBe(0);
      const seconds = Math.floor(t / 1000);
      const base = {
        Direction: 1,
        Caller: '02160000000',
        StartTimestamp: seconds,
        EndedTimestamp: seconds + 30,
        EndStatus: 1,
        SeatUser: { Mail: 'agent@example.com' },
      };
      // As TCCC records a masked call: the number empty, the ID beside it.
      await ctx.pushCdr({
        ...base,
        SessionId: 'masked-1',
        Callee: '',
        ProtectedCallee: id,
        UUI: permit.body.uui,
      });
      // A devtools call forced to a real number (phoneEncodeType: 'number'): no permit was used.
      await ctx.pushCdr({ ...base, SessionId: 'forced-1', Callee: '13912340012' });
      // A permit asked for and then dialled around UIDToPhone does not count either.
      const skipped = await ctx.agent('POST', '/api/dial-permits', { phone: '13912340013' });
      await ctx.pushCdr({ ...base, SessionId: 'forced-2', Callee: '13912340013', UUI: skipped.body.uui });

      const list = await ctx.supervisor('GET', '/api/calls?limit=100');
      const byId = new Map(
        (list.body.items as { sessionId: string; callee: string; unpermitted?: boolean }[]).map((c) => [
          c.sessionId,
          c,
        ]),
      );
      expect(byId.get('masked-1')).toMatchObject({ callee: '13912340011' });
      expect(byId.get('masked-1')?.unpermitted).toBeUndefined();
      expect(byId.get('forced-1')).toMatchObject({ callee: '13912340012', unpermitted: true });
      expect(byId.get('forced-2')).toMatchObject({ unpermitted: true });
      const from = encodeURIComponent(new Date(t - 3_600_000).toISOString());
      const to = encodeURIComponent(new Date(t + 3_600_000).toISOString());
      const stats = await ctx.supervisor('GET', `/api/stats?from=${from}&to=${to}`);
      expect(stats.body.unpermitted).toBe(2);
    });
  });
}
