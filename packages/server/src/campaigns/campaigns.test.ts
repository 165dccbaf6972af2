import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createMemoryAccountStore, seedDemoAccounts } from '../auth/accounts.js';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { createPostgresDatabase, databaseTargets } from '../test-support/databases.js';
import type { Upstream } from '../upstream/upstream.js';
import { claimLeaseMs, claimNext } from './claim.js';

// Lists never reach the contact center; an upstream that fails loudly proves it.
const noUpstream = {
  createSdkLogin: () => Promise.reject(new Error('not used')),
  request: () => Promise.reject(new Error('not used')),
} as unknown as Upstream;

/** A clock the test moves: 10:00 in Shanghai on a Tuesday. */
function testClock(start = Date.parse('2026-03-10T02:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}

type Clock = ReturnType<typeof testClock>;

async function makeApp(handle: DatabaseHandle, clock: Clock) {
  const store = createMemoryAccountStore();
  await seedDemoAccounts(store);
  const app = buildApp({
    upstream: noUpstream,
    store,
    db: handle.db,
    sessionSecret: 'x'.repeat(40),
    // The tests move the clock by days; sessions outlive that.
    sessionTtlSeconds: 60 * 86_400,
    now: clock.now,
  });
  await app.ready();
  const cookies: Record<string, Record<string, string>> = {};
  for (const username of ['agent', 'agent2', 'supervisor']) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password: 'tccc-demo' },
    });
    const value = res.cookies.find((c) => c.name === 'tccc_session')?.value;
    if (value === undefined) throw new Error(`sign-in ${username} failed: ${res.body}`);
    cookies[username] = { tccc_session: value };
  }
  const as = (user: string) => ({
    async call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
      const res = await app.inject({
        method,
        url,
        cookies: cookies[user] ?? {},
        headers: { 'accept-language': 'en-US' },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return { status: res.statusCode, body: res.body === '' ? undefined : res.json() };
    },
    async csv(url: string, bytes: Buffer, type = 'text/csv') {
      const res = await app.inject({
        method: 'POST',
        url,
        cookies: cookies[user] ?? {},
        headers: { 'content-type': type, 'accept-language': 'en-US' },
        payload: bytes,
      });
      return { status: res.statusCode, body: res.json() };
    },
  });
  return { app, supervisor: as('supervisor'), agent: as('agent'), agent2: as('agent2') };
}

type Ctx = Awaited<ReturnType<typeof makeApp>>;

async function createList(ctx: Ctx, settings: Record<string, unknown> = {}) {
  const res = await ctx.supervisor.call('POST', '/api/campaigns', { name: 'Spring follow-up', ...settings });
  expect(res.status).toBe(201);
  return res.body.campaign as { id: string; dispositionUnanswered: boolean };
}

const phones = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `139${String(from + i).padStart(8, '0')}`);

async function importPhones(ctx: Ctx, id: string, list: string[]) {
  const csv = `name,phone\n${list.map((p, i) => `C${i},${p}`).join('\n')}\n`;
  const res = await ctx.supervisor.csv(`/api/campaigns/${id}/import`, Buffer.from(csv));
  expect(res.status).toBe(200);
  return res.body;
}

/** A call as the browser reports it: the record the caps count. */
async function recordCall(ctx: Ctx, sessionId: string, callee: string, at: number) {
  const res = await ctx.agent.call('POST', '/api/calls/events', {
    sessionId,
    event: 'dialing',
    at: new Date(at).toISOString(),
    callee,
    direction: 'outbound',
  });
  expect(res.status).toBe(202);
}

for (const target of await databaseTargets()) {
  describe(`call lists on ${target.engine}`, () => {
    let handle: DatabaseHandle;
    let ctx: Ctx;
    const clock = testClock();
    beforeAll(async () => {
      handle = await target.open();
      ctx = await makeApp(handle, clock);
    });
    afterAll(async () => {
      await ctx?.app.close();
      await handle?.close();
    });

    it('imports UTF-8 and GBK files, reporting invalid and repeated rows and flagging do-not-call numbers', async () => {
      expect(
        (await ctx.supervisor.call('POST', '/api/dnc', { phone: '13800138005', reason: 'Asked on 3 March' }))
          .status,
      ).toBe(200);
      const list = await createList(ctx);
      const utf8 =
        'name,phone,company\nZhang,13800138000,ACME\nLi,138 0013 8001,\nBad,12345,\nDnc,13800138005,\nWang,+86 13800138002,\nAgain,13800138000,\n';
      const res = await ctx.supervisor.csv(`/api/campaigns/${list.id}/import`, Buffer.from(utf8));
      expect(res.body).toMatchObject({
        imported: 4,
        errors: [
          { row: 4, code: 'ENTRY_PHONE_INVALID', message: 'The phone number is not valid.' },
          { row: 7, code: 'ENTRY_DUPLICATE' },
        ],
        doNotCall: [{ row: 5, code: 'DNC_LISTED' }],
      });
      // Excel on a Chinese Windows saves GBK; the server reads it without being told.
      const gbk = iconv.encode('姓名,电话,城市\n张三,13800138003,深圳\n', 'gbk');
      expect((await ctx.supervisor.csv(`/api/campaigns/${list.id}/import`, gbk)).body.imported).toBe(1);
      const entries = (await ctx.supervisor.call('GET', `/api/campaigns/${list.id}/entries`)).body.items;
      expect(entries.map((e: { phone: string }) => e.phone).sort()).toEqual([
        '13800138000',
        '13800138001',
        '13800138002',
        '13800138003',
        '13800138005',
      ]);
      const zhang = entries.find((e: { phone: string }) => e.phone === '13800138003');
      expect(zhang).toMatchObject({ name: '张三', fields: { 城市: '深圳' }, status: 'pending' });
      expect(entries.find((e: { phone: string }) => e.phone === '13800138005')).toMatchObject({
        status: 'closed',
        closeReason: 'DNC_LISTED',
      });
      // An agent may not import.
      expect((await ctx.agent.csv(`/api/campaigns/${list.id}/import`, Buffer.from(utf8))).status).toBe(403);
    });

    it('never hands two agents the same entry when they claim concurrently', async () => {
      const list = await createList(ctx);
      await importPhones(ctx, list.id, phones(30));
      const taken: Record<string, string[]> = { agent: [], agent2: [] };
      const work = async (who: 'agent' | 'agent2') => {
        for (;;) {
          const res = await ctx[who].call('POST', `/api/campaigns/${list.id}/claim`);
          const entry = res.body.entry;
          if (entry === null) return;
          taken[who]?.push(entry.id);
          const done = await ctx[who].call('POST', `/api/campaigns/${list.id}/entries/${entry.id}/result`, {
            outcome: 'answered',
            disposition: 'interested',
          });
          expect(done.status).toBe(200);
        }
      };
      await Promise.all([work('agent'), work('agent2')]);
      const all = [...(taken.agent ?? []), ...(taken.agent2 ?? [])];
      expect(all).toHaveLength(30);
      expect(new Set(all).size).toBe(30);
      expect(taken.agent?.length).toBeGreaterThan(0);
      expect(taken.agent2?.length).toBeGreaterThan(0);
    });

    it('claims each entry once under 40 concurrent claimers at the query level', async () => {
      const list = await createList(ctx);
      await importPhones(ctx, list.id, phones(120, 1000));
      const seen: string[] = [];
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          for (;;) {
            const e = await claimNext(handle.db, list.id, `worker${i}`, clock.now());
            if (e === undefined) return;
            seen.push(e.id);
          }
        }),
      );
      expect(seen).toHaveLength(120);
      expect(new Set(seen).size).toBe(120);
    });

    it('lets only the assigned agents work a list that is not a shared pool', async () => {
      const list = await createList(ctx, { agents: ['agent2'] });
      await importPhones(ctx, list.id, ['13800138040']);
      expect((await ctx.agent.call('POST', `/api/campaigns/${list.id}/claim`)).body.error.code).toBe(
        'CAMPAIGN_NOT_ASSIGNED',
      );
      expect(
        (await ctx.agent.call('GET', '/api/campaigns')).body.items.map((c: { id: string }) => c.id),
      ).not.toContain(list.id);
      expect((await ctx.agent2.call('POST', `/api/campaigns/${list.id}/claim`)).body.entry.phone).toBe(
        '13800138040',
      );
    });

    it('imports a do-not-call file in GBK, reporting the rows that are not numbers', async () => {
      const file = iconv.encode('电话,备注\n13800138050,投诉\n不是号码,\n+86 138 0013 8051,\n', 'gbk');
      const res = await ctx.supervisor.csv(
        '/api/dnc/import?reason=%E6%8A%95%E8%AF%89%E5%90%8D%E5%8D%95',
        file,
      );
      expect(res.body).toMatchObject({ added: 2, errors: [{ row: 3, code: 'ENTRY_PHONE_INVALID' }] });
      const permit = await ctx.supervisor.call('POST', '/api/dial-permits', { phone: '13800138051' });
      expect(permit.body).toMatchObject({
        allowed: false,
        reason: 'DNC_LISTED',
        rule: { reason: '投诉名单' },
      });
    });

    it('shows agents a masked number when the list says so, and permits only the real one', async () => {
      const list = await createList(ctx, { maskNumbers: true });
      await importPhones(ctx, list.id, ['13800138000']);
      const entry = (await ctx.agent.call('POST', `/api/campaigns/${list.id}/claim`)).body.entry;
      expect(entry).toMatchObject({ phone: '138****8000', dialNumber: '13800138000' });
      const permit = (phone: string) =>
        ctx.agent.call('POST', '/api/dial-permits', { phone, campaignId: list.id, entryId: entry.id });
      expect((await permit('13800138000')).body.allowed).toBe(true);
      // An entry's permit is for its own number only.
      expect((await permit('13800138001')).body.error.code).toBe('ENTRY_NOT_CLAIMED');
      // Another agent cannot ride on this agent's claim.
      const theirs = await ctx.agent2.call('POST', '/api/dial-permits', {
        phone: '13800138000',
        campaignId: list.id,
        entryId: entry.id,
      });
      expect(theirs.body.error.code).toBe('ENTRY_NOT_CLAIMED');
    });

    it('still finds an entry that is pending behind where claiming last got to', async () => {
      const list = await createList(ctx);
      await importPhones(ctx, list.id, phones(3, 7000));
      const first = await claimNext(handle.db, list.id, 'w1', clock.now());
      const second = await claimNext(handle.db, list.id, 'w2', clock.now());
      expect([first?.row_number, second?.row_number]).toEqual([2, 3]);
      // The first claim is given back as it was (same due time): it sits behind the second.
      await handle.db
        .updateTable('campaign_entries')
        .set({ status: 'pending', claimed_by: null, claimed_at: null })
        .where('id', '=', first?.id ?? '')
        .execute();
      expect((await claimNext(handle.db, list.id, 'w3', clock.now()))?.row_number).toBe(4);
      expect((await claimNext(handle.db, list.id, 'w3b', clock.now()))?.id).toBe(first?.id);
      expect(await claimNext(handle.db, list.id, 'w4', clock.now())).toBeUndefined();
    });

    it('gives a claim abandoned past its lease to the next agent before the queue, as the row now stands', async () => {
      const list = await createList(ctx);
      await importPhones(ctx, list.id, phones(2, 7100));
      const abandoned = await claimNext(handle.db, list.id, 'gone', clock.now());
      clock.advance(claimLeaseMs);
      expect((await claimNext(handle.db, list.id, 'early', clock.now()))?.id).not.toBe(abandoned?.id);
      clock.advance(1);
      const taken = await claimNext(handle.db, list.id, 'next', clock.now());
      expect(taken?.id).toBe(abandoned?.id);
      const stored = await handle.db
        .selectFrom('campaign_entries')
        .selectAll()
        .where('id', '=', taken?.id ?? '')
        .executeTakeFirstOrThrow();
      expect(taken).toEqual(stored);
      expect(stored).toMatchObject({ status: 'claimed', claimed_by: 'next', claimed_at: clock.now() });
    });

    it('retries busy and unanswered entries after the interval, closes them after the maximum', async () => {
      const list = await createList(ctx, { maxAttempts: 2, retryIntervalSeconds: 60 });
      await importPhones(ctx, list.id, ['13800138001', '13800138004']);
      const claim = async () => (await ctx.agent.call('POST', `/api/campaigns/${list.id}/claim`)).body.entry;
      const result = (id: string, outcome: string) =>
        ctx.agent.call('POST', `/api/campaigns/${list.id}/entries/${id}/result`, { outcome });
      const busy = await claim();
      expect(busy.phone).toBe('13800138001');
      // Claiming again while holding it gives the same entry back (a reload does not take a second).
      expect((await claim()).id).toBe(busy.id);
      expect((await result(busy.id, 'busy')).body.entry).toMatchObject({ status: 'pending', attempts: 1 });
      const gone = await claim();
      expect(gone.phone).toBe('13800138004');
      // An outcome that does not retry closes the entry at once.
      expect((await result(gone.id, 'numberNotExist')).body.entry).toMatchObject({
        status: 'closed',
        closeReason: 'numberNotExist',
      });
      expect(await claim()).toBeNull();
      clock.advance(59_000);
      expect(await claim()).toBeNull();
      clock.advance(1_000);
      const again = await claim();
      expect(again.id).toBe(busy.id);
      expect((await result(again.id, 'noAnswer')).body.entry).toMatchObject({
        status: 'closed',
        closeReason: 'maxAttempts',
        attempts: 2,
        lastOutcome: 'noAnswer',
      });
      clock.advance(3_600_000);
      expect(await claim()).toBeNull();
      // A result for an entry the agent no longer holds is refused.
      expect((await result(again.id, 'busy')).body.error.code).toBe('ENTRY_NOT_CLAIMED');
    });

    it('keeps the disposition given after a call that never connected, as after an answered one', async () => {
      expect((await createList(ctx)).dispositionUnanswered).toBe(false);
      const list = await createList(ctx, { dispositionUnanswered: true, maxAttempts: 3 });
      expect(list.dispositionUnanswered).toBe(true);
      await importPhones(ctx, list.id, ['13800138001', '13800138002']);
      const claim = async () => (await ctx.agent.call('POST', `/api/campaigns/${list.id}/claim`)).body.entry;
      const result = (id: string, body: Record<string, unknown>) =>
        ctx.agent.call('POST', `/api/campaigns/${list.id}/entries/${id}/result`, body);
      const busy = await claim();
      // Busy, but the agent knows better: the number is wrong. The entry closes on the disposition.
      expect(
        (await result(busy.id, { outcome: 'busy', disposition: 'wrongNumber' })).body.entry,
      ).toMatchObject({
        status: 'closed',
        closeReason: 'wrongNumber',
        lastOutcome: 'busy',
        lastDisposition: 'wrongNumber',
      });
      // Left without one, an unanswered call retries by the list's rules.
      const unanswered = await claim();
      expect((await result(unanswered.id, { outcome: 'noAnswer' })).body.entry).toMatchObject({
        status: 'pending',
        lastDisposition: null,
      });
      const stats = await ctx.supervisor.call('GET', `/api/campaigns/${list.id}/stats`);
      expect(stats.body.closeReasons).toMatchObject({ wrongNumber: 1 });
    });

    it('brings a callback back to its agent at its time, and to the pool when they are away', async () => {
      const list = await createList(ctx, { callbackGraceSeconds: 120 });
      await importPhones(ctx, list.id, ['13800138011']);
      const entry = (await ctx.agent.call('POST', `/api/campaigns/${list.id}/claim`)).body.entry;
      const at = new Date(clock.now() + 600_000).toISOString();
      const saved = await ctx.agent.call('POST', `/api/campaigns/${list.id}/entries/${entry.id}/result`, {
        outcome: 'answered',
        disposition: 'callbackRequested',
        note: 'Call after the meeting',
        callbackAt: at,
        wrapUpMs: 4000,
      });
      expect(saved.body.entry).toMatchObject({ status: 'pending', callbackAt: at, owner: 'agent' });
      expect((await ctx.agent.call('GET', '/api/campaigns/callbacks')).body.items).toHaveLength(1);
      clock.advance(600_000);
      // Due, but agent2 may not take agent's callback inside the grace period.
      expect((await ctx.agent2.call('POST', `/api/campaigns/${list.id}/claim`)).body.entry).toBeNull();
      clock.advance(120_000);
      expect((await ctx.agent2.call('POST', `/api/campaigns/${list.id}/claim`)).body.entry.id).toBe(entry.id);
    });

    it('refuses a dial to a do-not-call number (the reason for supervisors only), and audits adding and removing it', async () => {
      await ctx.supervisor.call('POST', '/api/dnc', { phone: '+86 138 0013 8009', reason: 'Complaint #42' });
      const refused = await ctx.agent.call('POST', '/api/dial-permits', { phone: '13800138009' });
      expect(refused.body).toMatchObject({
        allowed: false,
        reason: 'DNC_LISTED',
        message: 'This number is on the do-not-call list.',
        ruleText: 'Ask a supervisor if you think this is a mistake.',
        rule: { code: 'DNC_LISTED' },
      });
      // The list is the supervisors': an agent learns neither its reason nor its date.
      expect(Object.keys(refused.body.rule)).toEqual(['code']);
      expect(JSON.stringify(refused.body)).not.toContain('Complaint #42');
      const asSupervisor = await ctx.supervisor.call('POST', '/api/dial-permits', { phone: '13800138009' });
      expect(asSupervisor.body).toMatchObject({
        ruleText: 'Do-not-call reason: Complaint #42',
        rule: { code: 'DNC_LISTED', reason: 'Complaint #42' },
      });
      clock.advance(1000);
      const removed = await ctx.supervisor.call(
        'DELETE',
        '/api/dnc/13800138009?reason=Customer%20opted%20in',
      );
      expect(removed.status).toBe(200);
      const allowed = await ctx.agent.call('POST', '/api/dial-permits', { phone: '13800138009' });
      expect(allowed.body).toMatchObject({ allowed: true, uui: `permit:${allowed.body.permitId}` });
      const audit = (await ctx.supervisor.call('GET', '/api/dnc/audit?phone=13800138009')).body.items;
      expect(
        audit.map((a: { action: string; reason: string; actor: string }) => [a.action, a.reason, a.actor]),
      ).toEqual([
        ['remove', 'Customer opted in', 'supervisor'],
        ['add', 'Complaint #42', 'supervisor'],
      ]);
      const logged = await handle.db
        .selectFrom('dial_permits')
        .selectAll()
        .where('phone', '=', '13800138009')
        .execute();
      expect(logged.map((p) => [p.allowed, p.reason])).toEqual(
        expect.arrayContaining([
          [0, 'DNC_LISTED'],
          [1, null],
        ]),
      );
      expect((await ctx.agent.call('POST', '/api/dnc', { phone: '13800138009', reason: 'x' })).status).toBe(
        403,
      );
    });

    it('counts frequency caps from the call records, whatever the browser claims', async () => {
      const list = await createList(ctx, { capPerDay: 2, capPerWeek: 3 });
      await importPhones(ctx, list.id, ['13800138020']);
      const entry = (await ctx.agent.call('POST', `/api/campaigns/${list.id}/claim`)).body.entry;
      const permit = () =>
        ctx.agent.call('POST', '/api/dial-permits', {
          phone: entry.dialNumber,
          campaignId: list.id,
          entryId: entry.id,
        });
      expect((await permit()).body.allowed).toBe(true);
      // A granted permit is not a call: asking again without calling is still allowed.
      expect((await permit()).body.allowed).toBe(true);
      // Two calls in the records today (one typed as +86 on another seat's pad) reach the daily cap.
      await recordCall(ctx, 'cap-1', '13800138020', clock.now() - 3_600_000);
      await recordCall(ctx, 'cap-2', '+8613800138020', clock.now() - 60_000);
      const capped = (await permit()).body;
      expect(capped).toMatchObject({
        allowed: false,
        reason: 'FREQUENCY_CAP_REACHED',
        rule: { period: 'day', cap: 2, calls: 2 },
      });
      // Yesterday's calls do not count for today, but do for the week (Monday 00:00 Shanghai).
      clock.advance(86_400_000);
      expect((await permit()).body.allowed).toBe(true);
      await recordCall(ctx, 'cap-3', '13800138020', clock.now());
      expect((await permit()).body).toMatchObject({
        reason: 'FREQUENCY_CAP_REACHED',
        rule: { period: 'week', calls: 3 },
      });
      // The next Monday the week starts again.
      clock.advance(6 * 86_400_000);
      expect((await permit()).body.allowed).toBe(true);
      clock.set(Date.parse('2026-03-10T02:00:00Z'));
    });

    it('refuses dials outside the list’s hours in its own time zone and claims nothing then', async () => {
      const list = await createList(ctx, {
        timezone: 'America/New_York',
        hoursStart: '09:00',
        hoursEnd: '17:00',
      });
      await importPhones(ctx, list.id, ['13800138030']);
      // 10:00 in Shanghai is 22:00 (EDT) the day before in New York.
      const res = await ctx.agent.call('POST', `/api/campaigns/${list.id}/claim`);
      expect(res.body).toMatchObject({
        entry: null,
        refusal: {
          code: 'OUTSIDE_CALLING_HOURS',
          rule: { timeZone: 'America/New_York', start: '09:00', end: '17:00', localTime: '22:00' },
        },
      });
      clock.set(Date.parse('2026-03-10T13:00:00Z')); // 09:00 EDT
      expect((await ctx.agent.call('POST', `/api/campaigns/${list.id}/claim`)).body.entry.phone).toBe(
        '13800138030',
      );
      clock.set(Date.parse('2026-03-10T02:00:00Z'));
      const bad = await ctx.supervisor.call('POST', '/api/campaigns', {
        name: 'x',
        timezone: 'Mars/Olympus',
      });
      expect(bad.body.error.code).toBe('CAMPAIGN_TIMEZONE_INVALID');
    });

    it('pauses and closes a list, and shows the supervisor progress, dispositions and agents', async () => {
      const list = await createList(ctx);
      await importPhones(ctx, list.id, phones(3, 5000));
      const claim = () => ctx.agent.call('POST', `/api/campaigns/${list.id}/claim`);
      const e1 = (await claim()).body.entry;
      await ctx.agent.call('POST', `/api/campaigns/${list.id}/entries/${e1.id}/result`, {
        outcome: 'answered',
        disposition: 'notInterested',
        wrapUpMs: 6000,
      });
      const e2 = (await claim()).body.entry;
      await ctx.agent.call('POST', `/api/campaigns/${list.id}/entries/${e2.id}/result`, { outcome: 'busy' });
      expect(
        (await ctx.supervisor.call('PATCH', `/api/campaigns/${list.id}`, { status: 'paused' })).status,
      ).toBe(200);
      expect((await claim()).body.error.code).toBe('CAMPAIGN_NOT_ACTIVE');
      const stats = (await ctx.supervisor.call('GET', `/api/campaigns/${list.id}/stats`)).body;
      expect(stats).toMatchObject({
        entries: { total: 3, pending: 2, closed: 1 },
        attempts: 2,
        answered: 1,
        contactRate: 0.5,
        dispositions: { notInterested: 1 },
        perAgent: [{ username: 'agent', attempts: 2, answered: 1, averageWrapUpSeconds: 3 }],
      });
      const csv = await ctx.app.inject({
        method: 'GET',
        url: `/api/campaigns/${list.id}/export.csv`,
        cookies: {},
      });
      expect(csv.statusCode).toBe(401);
      await ctx.supervisor.call('PATCH', `/api/campaigns/${list.id}`, { status: 'closed' });
      expect(
        (await ctx.supervisor.call('PATCH', `/api/campaigns/${list.id}`, { status: 'active' })).body.error
          .code,
      ).toBe('CAMPAIGN_NOT_ACTIVE');
      expect(
        (await ctx.agent.call('GET', '/api/campaigns')).body.items.some(
          (c: { id: string }) => c.id === list.id,
        ),
      ).toBe(false);
    });
  });
}

const postgres = (await databaseTargets()).some((t) => t.engine === 'postgres');

describe.runIf(postgres)('two server instances on one PostgreSQL database', () => {
  it('never hand the same entry to agents signed in to different instances', async () => {
    const created = await createPostgresDatabase();
    const handles = [
      await openDatabase(created.url, { poolSize: 4 }),
      await openDatabase(created.url, { poolSize: 4 }),
    ];
    const clock = testClock();
    const [a, b] = [
      await makeApp(handles[0] as DatabaseHandle, clock),
      await makeApp(handles[1] as DatabaseHandle, clock),
    ];
    try {
      if (a === undefined || b === undefined) throw new Error('apps');
      const list = await createList(a);
      await importPhones(a, list.id, phones(40, 9000));
      const taken: string[] = [];
      const work = async (api: Ctx['agent']) => {
        for (;;) {
          const entry = (await api.call('POST', `/api/campaigns/${list.id}/claim`)).body.entry;
          if (entry === null) return;
          taken.push(entry.id);
          await api.call('POST', `/api/campaigns/${list.id}/entries/${entry.id}/result`, { outcome: 'busy' });
        }
      };
      await Promise.all([work(a.agent), work(b.agent2)]);
      expect(taken).toHaveLength(40);
      expect(new Set(taken).size).toBe(40);
    } finally {
      await a?.app.close();
      await b?.app.close();
      for (const h of handles) await h.close();
      await created.drop();
    }
  });
});
