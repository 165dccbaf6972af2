// Two app instances (replicas) over one database, each with its own connection: a session ended on one
// replica, or by the CLI, is refused by the other at once. SQLite (a shared file) and PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { createPostgresDatabase, servicesAvailable } from '@tccc-dialer/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentsCommand } from '../cli/agents.js';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { demoPassword, type Harness, type SessionCookies, startHarness } from '../test-support/harness.js';
import { createDbAccountStore } from './account-store.js';
import { demoAccounts, hashPassword } from './accounts.js';
import { createDbSessionStore } from './session-store.js';

const postgres = await servicesAvailable('The PostgreSQL runs of the replica session tests', 'postgres');
let emulator: Emulator;
const dir = mkdtempSync(join(tmpdir(), 'tccc-sessions-'));
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Deployment {
  a: Harness;
  b: Harness;
  /** The operator's CLI, on a connection of its own. */
  cli(args: string[], flags?: Record<string, string | boolean>): Promise<string[]>;
  close(): Promise<void>;
}

async function deployment(url: string, drop?: () => Promise<void>): Promise<Deployment> {
  const handles: DatabaseHandle[] = [];
  for (let i = 0; i < 3; i++) handles.push(await openDatabase(url));
  const [ha, hb, hc] = handles as [DatabaseHandle, DatabaseHandle, DatabaseHandle];
  const passwordHash = hashPassword(demoPassword);
  for (const account of demoAccounts)
    await createDbAccountStore(hc.db).add({ ...account, passwordHash, disabled: false });
  const replica = (h: DatabaseHandle) =>
    startHarness({ emulator, app: { db: h.db, store: createDbAccountStore(h.db) } });
  const a = await replica(ha);
  const b = await replica(hb);
  return {
    a,
    b,
    async cli(args, flags = {}) {
      const lines: string[] = [];
      const io = { print: (l: string) => void lines.push(l), readPassword: async () => 'a new password 1' };
      const stores = { store: createDbAccountStore(hc.db), sessions: createDbSessionStore(hc.db) };
      await agentsCommand(stores, args, flags, io);
      return lines;
    },
    async close() {
      await a.close();
      await b.close();
      for (const h of handles) await h.close();
      await drop?.();
    },
  };
}

const me = (h: Harness, cookies: SessionCookies) => h.app.inject({ method: 'GET', url: '/api/me', cookies });

const engines: Array<{ engine: string; run: boolean; open(): Promise<Deployment> }> = [
  { engine: 'sqlite', run: true, open: () => deployment(join(dir, `${Date.now()}-${Math.random()}.sqlite`)) },
  {
    engine: 'postgres',
    run: postgres,
    async open() {
      const created = await createPostgresDatabase();
      return deployment(created.url, created.drop);
    },
  },
];

describe.each(engines)('sessions shared by replicas ($engine)', ({ run, open }) => {
  it.runIf(run)(
    'a cookie replayed on the other replica after sign-out, a password change, disabling or "sign out everyone" is refused',
    async () => {
      const d = await open();
      try {
        // Sign-out on replica A ends the session on replica B.
        const first = await d.a.signIn('agent');
        expect((await me(d.b, first)).statusCode).toBe(200);
        const out = await d.a.app.inject({ method: 'DELETE', url: '/api/session', cookies: first });
        expect(out.statusCode).toBe(204);
        const replayed = await me(d.b, first);
        expect(replayed.statusCode).toBe(401);
        expect(replayed.json().error.code).toBe('UNAUTHENTICATED');

        // The operator changes the password: the open session ends; the new password signs in.
        const second = await d.a.signIn('agent');
        const third = await d.b.signIn('agent2');
        expect(await d.cli(['set-password', 'agent'], { 'password-stdin': true })).toEqual([
          'password changed for agent; ended 1 open session',
        ]);
        expect((await me(d.b, second)).statusCode).toBe(401);
        expect((await me(d.a, second)).statusCode).toBe(401);
        expect((await me(d.a, third)).statusCode).toBe(200);
        const renewed = await d.b.signIn('agent', 'a new password 1');

        // Disabling ends it, and enabling again does not bring the old cookie back.
        await d.cli(['disable', 'agent']);
        await d.cli(['enable', 'agent']);
        expect((await me(d.a, renewed)).statusCode).toBe(401);

        // "Sign out everyone".
        const supervisor = await d.a.signIn('supervisor');
        expect(await d.cli(['sign-out'], { all: true })).toEqual([
          'signed everyone out; ended 2 open sessions',
        ]);
        expect((await me(d.b, supervisor)).statusCode).toBe(401);
        expect((await me(d.b, third)).statusCode).toBe(401);
      } finally {
        await d.close();
      }
    },
  );
});
