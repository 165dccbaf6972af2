import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createMemoryAccountStore, seedDemoAccounts } from '../auth/accounts.js';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import type { Upstream } from '../upstream/upstream.js';
import { demoCustomers, seedDemoCustomers } from './demo-customers.js';

// The customer routes never reach the contact center; an upstream that fails loudly proves it.
const noUpstream: Upstream = {
  createSdkLogin: () => Promise.reject(new Error('not used')),
  request: () => Promise.reject(new Error('not used')),
} as unknown as Upstream;

async function makeApp(handle: DatabaseHandle, mode?: 'emulator' | 'cloud') {
  const store = createMemoryAccountStore();
  await seedDemoAccounts(store);
  const app = buildApp({
    upstream: noUpstream,
    store,
    db: handle.db,
    sessionSecret: 'x'.repeat(40),
    ...(mode === undefined
      ? {}
      : { config: { mode, pushBasicAuth: undefined, tccc: { sdkAppId: 1400000001 } } }),
  });
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username: 'agent', password: 'tccc-demo' },
  });
  const value = res.cookies.find((c) => c.name === 'tccc_session')?.value;
  if (value === undefined) throw new Error('sign-in failed');
  return { app, cookies: { tccc_session: value } };
}

for (const target of await databaseTargets()) {
  describe(`demo customers on ${target.engine}`, () => {
    it('are there when the server runs against the emulator, and not against the cloud', async () => {
      for (const [mode, expected] of [
        ['cloud', 0],
        ['emulator', demoCustomers.length],
      ] as const) {
        const handle = await target.open();
        try {
          const { app, cookies } = await makeApp(handle, mode);
          await app.ready();
          const res = await app.inject({ method: 'GET', url: '/api/customers', cookies });
          expect(res.json().items).toHaveLength(expected);
          await app.close();
        } finally {
          await handle.close();
        }
      }
    });
  });

  describe(`customers on ${target.engine}`, () => {
    let handle: DatabaseHandle;
    let ctx: Awaited<ReturnType<typeof makeApp>>;
    beforeAll(async () => {
      handle = await target.open();
      ctx = await makeApp(handle);
    });
    afterAll(async () => {
      await ctx?.app.close();
      await handle?.close();
    });

    const list = (query: string) =>
      ctx.app.inject({ method: 'GET', url: `/api/customers${query}`, cookies: ctx.cookies });
    const importCsv = (csv: string, lang = 'zh-CN') =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/customers/import',
        cookies: ctx.cookies,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'accept-language': lang },
        payload: csv,
      });

    it('needs a session', async () => {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/customers' });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    });

    it('seeds the demo customers once and lists them by name', async () => {
      expect(await seedDemoCustomers(handle.db)).toBe(demoCustomers.length);
      expect(await seedDemoCustomers(handle.db)).toBe(0);
      const body = (await list('')).json();
      expect(body.items.map((c: { phone: string }) => c.phone).sort()).toEqual(
        demoCustomers.map((c) => c.phone).sort(),
      );
      expect(body.nextCursor).toBeNull();
    });

    it('searches by name, company or part of the number', async () => {
      const names = async (q: string) =>
        (await list(`?q=${encodeURIComponent(q)}`)).json().items.map((c: { name: string }) => c.name);
      expect(await names('王芳')).toEqual(['王芳']);
      expect(await names('物流')).toEqual(['李强']);
      expect(await names('138002')).toEqual(['张敏']);
      expect(await names('%')).toEqual([]);
    });

    it('imports a CSV and reports each bad row with its line number, in the caller’s language', async () => {
      const csv = [
        '姓名,电话,公司,备注',
        '"Zhou, Jie",+86 139 1234 5678,Acme,VIP',
        ',13912345679,,',
        'Bad Number,12345,,',
        'Twin,13912345678,,',
        'Old Friend,13800138000,,',
        '',
        'Landline,010-6552 9988,,',
      ].join('\r\n');
      const res = await importCsv(csv, 'en-US');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        imported: 2,
        errors: [
          { row: 3, code: 'CUSTOMER_NAME_MISSING', message: 'The customer name is missing.' },
          { row: 4, code: 'CUSTOMER_PHONE_INVALID', message: 'The phone number is not valid.' },
          { row: 5, code: 'CUSTOMER_DUPLICATE', message: 'A customer with this number already exists.' },
          { row: 6, code: 'CUSTOMER_DUPLICATE', message: 'A customer with this number already exists.' },
        ],
      });
      const found = (await list('?q=Zhou')).json().items;
      expect(found).toEqual([
        { id: expect.any(String), name: 'Zhou, Jie', phone: '13912345678', company: 'Acme', note: 'VIP' },
      ]);
      expect((await list('?q=65529988')).json().items[0]).toMatchObject({
        name: 'Landline',
        phone: '01065529988',
      });
    });

    it('refuses more than 5000 rows at once, importing none of them', async () => {
      const rows = Array.from({ length: 5001 }, (_, i) => `C${i},1370000${String(i).padStart(4, '0')}`);
      const res = await importCsv(['name,phone', ...rows].join('\n'));
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('CUSTOMER_IMPORT_TOO_LARGE');
      expect((await list('?q=13700000001')).json().items).toEqual([]);
    });

    it('refuses a file without name and phone columns', async () => {
      const res = await importCsv('foo,bar\n1,2\n');
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'CUSTOMER_IMPORT_INVALID' });
    });

    it('pages through every customer exactly once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=3${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        const page: { items: { id: string }[]; nextCursor: string | null } = (await list(query)).json();
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen).toHaveLength(demoCustomers.length + 2);
      expect(new Set(seen).size).toBe(seen.length);
      expect((await list('?limit=0')).statusCode).toBe(400);
      expect((await list('?cursor=not-a-cursor')).statusCode).toBe(400);
    });
  });
}
