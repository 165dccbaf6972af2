import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { databaseTargets } from '../test-support/databases.js';
import { createDbAccountStore } from './account-store.js';
import { demoAccounts, hashPassword, seedDemoAccounts, verifyPassword } from './accounts.js';

const targets = await databaseTargets();

describe.each(targets)('users in the database ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(async () => {
    await handle.close();
  });

  it('adds, finds, lists and updates users, and refuses a taken username', async () => {
    const store = createDbAccountStore(handle.db);
    await store.add({
      username: 'alice',
      displayName: 'Alice',
      role: 'agent',
      seatUserId: 'alice@example.com',
      passwordHash: hashPassword('correct horse'),
      disabled: false,
    });
    await store.add({
      username: 'bob',
      displayName: 'Bob',
      role: 'supervisor',
      seatUserId: 'bob@example.com',
      passwordHash: undefined,
      disabled: false,
    });
    await expect(
      store.add({
        username: 'alice',
        displayName: 'Another Alice',
        role: 'agent',
        seatUserId: 'x@example.com',
        passwordHash: undefined,
        disabled: false,
      }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_EXISTS' });

    const alice = await store.find('alice');
    expect(alice).toMatchObject({ displayName: 'Alice', seatUserId: 'alice@example.com', disabled: false });
    expect(verifyPassword('correct horse', alice?.passwordHash)).toBe(true);
    expect((await store.find('bob'))?.passwordHash).toBeUndefined();
    expect((await store.list()).map((a) => a.username)).toEqual(['alice', 'bob']);

    expect(await store.update('alice', { disabled: true, seatUserId: 'alice2@example.com' })).toBe(true);
    expect(await store.find('alice')).toMatchObject({ disabled: true, seatUserId: 'alice2@example.com' });
    expect(await store.update('nobody', { disabled: true })).toBe(false);
    expect(await store.find('nobody')).toBeUndefined();
  });

  it('seeds the demo users from two replicas starting at once without either failing', async () => {
    const stores = [createDbAccountStore(handle.db), createDbAccountStore(handle.db)];
    await Promise.all(stores.map((store) => seedDemoAccounts(store)));
    const names = (await stores[0]?.list())?.map((a) => a.username);
    expect(names).toEqual(demoAccounts.map((a) => a.username).sort());
  });
});
