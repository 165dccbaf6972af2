import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export type Role = 'agent' | 'supervisor';

export interface Account {
  username: string;
  displayName: string;
  role: Role;
  seatUserId: string;
  passwordHash: string;
  disabled: boolean;
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${scryptSync(password, salt, 32).toString('base64url')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(expected, actual);
}

export interface AccountStore {
  find(username: string): Promise<Account | undefined>;
  add(account: Account): Promise<void>;
}

/** In-memory store; the SQLite/Kysely store is not written yet. */
export function createMemoryAccountStore(): AccountStore {
  const accounts = new Map<string, Account>();
  return {
    async find(username) {
      return accounts.get(username);
    },
    async add(account) {
      accounts.set(account.username, account);
    },
  };
}

export const demoAccounts: ReadonlyArray<Omit<Account, 'passwordHash' | 'disabled'>> = [
  { username: 'agent', displayName: 'Demo Agent', role: 'agent', seatUserId: 'agent@example.com' },
  { username: 'agent2', displayName: 'Second Agent', role: 'agent', seatUserId: 'agent2@example.com' },
  {
    username: 'supervisor',
    displayName: 'Demo Supervisor',
    role: 'supervisor',
    seatUserId: 'supervisor@example.com',
  },
];

export async function seedDemoAccounts(store: AccountStore): Promise<void> {
  const passwordHash = hashPassword('tccc-demo');
  for (const a of demoAccounts) await store.add({ ...a, passwordHash, disabled: false });
}
