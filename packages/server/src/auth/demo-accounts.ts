import fp from 'fastify-plugin';
import { type AccountStore, demoAccounts, seedDemoAccounts } from './accounts.js';

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
