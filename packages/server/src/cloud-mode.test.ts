// Emulator mode leaves demo accounts in the database; switched to cloud mode, the same database must
// not start while they still open with the public demo password.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDbAccountStore } from './auth/account-store.js';
import { hashPassword } from './auth/accounts.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { openDatabase } from './db/database.js';
import { startServer } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'tccc-cloud-mode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cloudEnv = (databaseUrl: string) => ({
  TCCC_MODE: 'cloud',
  TCCC_SECRET_ID: 'AKIDexample0000000000',
  TCCC_SECRET_KEY: 'example-secret-key-0000',
  TCCC_SDK_APP_ID: '1400000001',
  SESSION_SECRET: '5e1a9c3f7b0d42e8a6c4f1b9d3e7a05c8f2b6d0e4a9c1f7b3d5e8a2c6f0b4d9e',
  DATABASE_URL: databaseUrl,
  CDR_SYNC_INTERVAL_SECONDS: '0',
  PORT: '0',
  LOG_LEVEL: 'silent',
});

describe('cloud mode on a database emulator mode used', () => {
  it('refuses to start while a demo account opens with the demo password, naming the command; starts once it is disabled', async () => {
    const url = join(dir, 'switched.sqlite');
    const emulator = await startServer(loadConfig({ DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'silent' }), {
      print: () => undefined,
    });
    await emulator.close();

    const lines: string[] = [];
    const refused = await startServer(loadConfig(cloudEnv(url)), { print: (l) => void lines.push(l) }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toMatch(
      /demo accounts agent, agent2, supervisor still sign in with the public demo password: run tccc-dialer agents disable agent; tccc-dialer agents disable agent2; tccc-dialer agents disable supervisor/,
    );

    const handle = await openDatabase(url);
    const store = createDbAccountStore(handle.db);
    await store.update('agent', { disabled: true });
    await store.update('agent2', { passwordHash: hashPassword('a password of their own') });
    await store.update('supervisor', { disabled: true });
    await handle.close();
    const started = await startServer(loadConfig({ ...cloudEnv(url), PUSH_BASIC_AUTH: '' }), {
      print: (l) => void lines.push(l),
    });
    await started.close();
    // Without push credentials it starts, and says what that means.
    expect(lines.join('\n')).toMatch(/PUSH_BASIC_AUTH is not set: TCCC data pushes are refused/);
  });
});
