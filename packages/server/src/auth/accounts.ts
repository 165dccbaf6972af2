import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { ServerError } from '../errors.js';

export type Role = 'agent' | 'supervisor';

export interface Account {
  username: string;
  displayName: string;
  role: Role;
  seatUserId: string;
  /** undefined for users who sign in only through OIDC or a trusted proxy header. */
  passwordHash: string | undefined;
  disabled: boolean;
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${scryptSync(password, salt, 32).toString('base64url')}`;
}

export function verifyPassword(password: string, stored: string | undefined): boolean {
  if (stored === undefined) return false;
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(expected, actual);
}

/** Same check as `verifyPassword`, off the event loop (scrypt runs in the thread pool). */
export async function checkPassword(password: string, stored: string | undefined): Promise<boolean> {
  const [scheme, salt, hash] = (stored ?? unusableHash).split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, Buffer.from(salt, 'base64url'), expected.length, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
  // An absent user costs the same scrypt as a present one, so timing does not reveal who exists.
  return stored !== undefined && timingSafeEqual(expected, actual);
}

const unusableHash = `scrypt$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;

export type AccountPatch = Partial<Omit<Account, 'username'>>;

/** Where users live: the database in production (see db/account-store.ts), memory in unit tests. */
export interface AccountStore {
  find(username: string): Promise<Account | undefined>;
  list(): Promise<Account[]>;
  /** Rejects with ACCOUNT_EXISTS when the username is taken. */
  add(account: Account): Promise<void>;
  /** Resolves false when there is no such user. */
  update(username: string, patch: AccountPatch): Promise<boolean>;
}

export function createMemoryAccountStore(): AccountStore {
  const accounts = new Map<string, Account>();
  return {
    async find(username) {
      const a = accounts.get(username);
      return a === undefined ? undefined : { ...a };
    },
    async list() {
      return [...accounts.values()]
        .map((a) => ({ ...a }))
        .sort((a, b) => a.username.localeCompare(b.username));
    },
    async add(account) {
      if (accounts.has(account.username)) throw new ServerError('ACCOUNT_EXISTS');
      accounts.set(account.username, { ...account });
    },
    async update(username, patch) {
      const a = accounts.get(username);
      if (a === undefined) return false;
      accounts.set(username, { ...a, ...patch, username });
      return true;
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

/** Adds the demo users that are missing (emulator mode); an existing user is left as the operator set it. */
export async function seedDemoAccounts(store: AccountStore): Promise<void> {
  const passwordHash = hashPassword('tccc-demo');
  for (const a of demoAccounts) {
    if ((await store.find(a.username)) !== undefined) continue;
    try {
      await store.add({ ...a, passwordHash, disabled: false });
    } catch (error) {
      // Replicas starting together on one database race to add the same user; one add is enough.
      if (!(error instanceof ServerError && error.code === 'ACCOUNT_EXISTS')) throw error;
    }
  }
}
