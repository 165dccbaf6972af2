import { expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createMemoryAccountStore, seedDemoAccounts } from '../auth/accounts.js';
import { numberMappingOff } from '../config/number-mapping-config.js';
import { openDatabase } from '../db/database.js';
import type { Upstream } from '../upstream/upstream.js';
import { customerIdPattern } from './customer-id.js';
import { demoProtectedListName } from './demo-protected-list.js';

const noUpstream = {
  createSdkLogin: () => Promise.reject(new Error('not used')),
  request: () => Promise.reject(new Error('not used')),
} as unknown as Upstream;

it('npm start (emulator mode, mapping on) has one demo list whose numbers agents never see', async () => {
  const handle = await openDatabase(':memory:');
  const store = createMemoryAccountStore();
  await seedDemoAccounts(store);
  const build = async (enabled: boolean) => {
    const app = buildApp({
      upstream: noUpstream,
      store,
      db: handle.db,
      sessionSecret: 'x'.repeat(40),
      config: {
        mode: 'emulator',
        pushBasicAuth: undefined,
        tccc: { sdkAppId: 1400000001 },
        numberMapping: { ...numberMappingOff, enabled },
      },
    });
    await app.ready();
    return app;
  };
  const off = await build(false);
  await off.close();
  expect(await handle.db.selectFrom('campaigns').selectAll().execute()).toEqual([]);
  // Started twice: still one list.
  await (await build(true)).close();
  const app = await build(true);
  try {
    const signIn = async (username: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username, password: 'tccc-demo' },
      });
      return { tccc_session: res.cookies.find((c) => c.name === 'tccc_session')?.value ?? '' };
    };
    const lists = await app.inject({ method: 'GET', url: '/api/campaigns', cookies: await signIn('agent') });
    const demo = (lists.json().items as { id: string; name: string; protectNumbers: boolean }[]).filter(
      (l) => l.name === demoProtectedListName,
    );
    expect(demo).toMatchObject([{ protectNumbers: true }]);
    const claim = await app.inject({
      method: 'POST',
      url: `/api/campaigns/${demo[0]?.id}/claim`,
      cookies: await signIn('agent'),
    });
    const entry = claim.json().entry;
    expect(entry.phone).toMatch(customerIdPattern);
    expect(entry.customerId).toBe(entry.phone);
    expect(claim.body).not.toMatch(/1380013800\d/);
  } finally {
    await app.close();
    await handle.close();
  }
});
