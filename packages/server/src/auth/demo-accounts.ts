import fp from 'fastify-plugin';
import { type AccountStore, checkPassword, demoAccounts, seedDemoAccounts } from './accounts.js';

/** The banner's lines naming each demo account (password `tccc-demo`). */
export const demoAccountLines = (): string[] =>
  demoAccounts.map((a) => `  ${a.username.padEnd(12)} ${a.role.padEnd(11)} seat ${a.seatUserId}`);

/** Emulator mode only: the demo accounts (`agent`, `agent2`, `supervisor`) exist before the first request. */
export const demoAccountsPlugin = fp<{ store: AccountStore }>(
  async (_app, { store }) => {
    await seedDemoAccounts(store);
  },
  { name: 'tccc-dialer-demo-accounts', fastify: '5.x' },
);

/** The public demo password `seedDemoAccounts` gives every demo account. */
export const demoPassword = 'tccc-demo';

/**
 * The demo accounts that still sign in with the public demo password (left over from emulator mode on
 * the same database). Cloud mode refuses to start while there are any.
 */
export async function openDemoAccounts(store: AccountStore): Promise<string[]> {
  const open: string[] = [];
  for (const demo of demoAccounts) {
    const account = await store.find(demo.username);
    if (account === undefined || account.disabled) continue;
    if (await checkPassword(demoPassword, account.passwordHash)) open.push(account.username);
  }
  return open;
}
