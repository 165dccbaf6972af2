// The `tccc-dialer` CLI as an operator runs it: a child process with an environment.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEmulatorConfig, type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { repoRoot, startServerProcess } from '@tccc-dialer/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbAccountStore } from '../auth/account-store.js';
import { verifyPassword } from '../auth/accounts.js';
import { createDbSessionStore } from '../auth/session-store.js';
import { loadConfig } from '../config/load-config.js';
import { openDatabase } from '../db/database.js';
import { agentsCommand, UsageError } from './agents.js';
import { probeCredentials } from './check-config.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Only what the CLI needs from the parent: no TCCC_*/SESSION_* leaking in from the developer's shell.
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !/^(TCCC_|SESSION_|AUTH_|OIDC_|DATABASE_URL|TRUST_PROXY|PUBLIC_ORIGIN|SDK_ORIGINS|TLS_)/.test(k),
  ),
);

function cli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'packages/server/src/cli/main.ts', ...args],
      {
        cwd: repoRoot,
        env: { ...baseEnv, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.stdin.end(stdin ?? '');
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'tccc-cli-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('configuration errors stop the process with one line naming the variable and the fix', () => {
  it('refuses cloud mode without credentials (exit 78, one line on stderr)', async () => {
    const run = await cli(['serve'], { TCCC_MODE: 'cloud', TCCC_API_QPS: 'fast' });
    expect(run.code).toBe(78);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^tccc-dialer: config error: TCCC_SECRET_ID: required when TCCC_MODE=cloud: the API SecretId/,
    );
  });

  it('check-config --probe names TCCC_SECRET_KEY when the cloud API refuses the signature', async () => {
    const run = await cli(['check-config', '--probe'], {
      TCCC_EMULATOR_ENDPOINT: emulator.apiEndpoint,
      TCCC_SECRET_KEY: 'wrongSecretKeyWrongSecretKey0000',
    });
    expect(run.stdout).toMatch(/^config ok: TCCC_MODE=emulator/);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^tccc-dialer: TCCC_SECRET_KEY: the cloud API refused the signature/);
    expect(run.stderr).not.toContain('wrongSecretKey');
  });

  it('probeCredentials: an accepted and an unreachable endpoint', async () => {
    const ok = await probeCredentials(loadConfig({ TCCC_EMULATOR_ENDPOINT: emulator.apiEndpoint }));
    expect(ok).toMatchObject({ ok: true, line: expect.stringMatching(/credentials accepted/) });
    const down = await probeCredentials(
      loadConfig({ TCCC_EMULATOR_ENDPOINT: 'ccc.localhost:1', TCCC_API_DEADLINE_MS: '1000' }),
    );
    expect(down).toMatchObject({
      ok: false,
      line: expect.stringMatching(/^TCCC_EMULATOR_ENDPOINT: ccc\.localhost:1 did not answer/),
    });
  });
});

describe.concurrent('agents and db', () => {
  it('`agents add` in a child process writes the user to the database file', async () => {
    const url = join(dir, 'agents.sqlite');
    const run = await cli(
      [
        'agents',
        'add',
        'alice',
        '--seat',
        'alice@example.com',
        '--name',
        'Alice Li',
        '--role',
        'supervisor',
        '--password-stdin',
      ],
      { DATABASE_URL: url },
      'correct horse battery\n',
    );
    expect([run.code, run.stdout.trim()]).toEqual([
      0,
      'added alice (supervisor) calling as seat alice@example.com',
    ]);
    const handle = await openDatabase(url);
    const alice = await createDbAccountStore(handle.db).find('alice');
    await handle.close();
    expect(alice).toMatchObject({
      displayName: 'Alice Li',
      role: 'supervisor',
      seatUserId: 'alice@example.com',
      disabled: false,
    });
    expect(verifyPassword('correct horse battery', alice?.passwordHash)).toBe(true);
  });

  it('adds, lists, disables, enables and sets passwords; refuses bad input', async () => {
    const handle = await openDatabase(':memory:');
    const store = createDbAccountStore(handle.db);
    const lines: string[] = [];
    let stdin = '';
    const io = { print: (l: string) => void lines.push(l), readPassword: async () => stdin };
    const run = (args: string[], flags: Record<string, string | boolean> = {}) =>
      agentsCommand({ store, sessions: createDbSessionStore(handle.db) }, args, flags, io);
    try {
      await run(['add', 'bob'], { seat: 'bob@example.com' });
      const generated = /password \(shown once\): (\S+)/.exec(lines.join('\n'))?.[1] ?? '';
      expect(generated.length).toBeGreaterThanOrEqual(12);
      expect(verifyPassword(generated, (await store.find('bob'))?.passwordHash)).toBe(true);
      await expect(run(['add', 'bob'], { seat: 'bob@example.com' })).rejects.toThrow(/user bob exists/);
      await expect(run(['add', 'carol'], { seat: 'not-an-email' })).rejects.toThrow(/--seat/);
      await expect(run(['add', 'carol'], { seat: 'carol@example.com', role: 'admin' })).rejects.toThrow(
        /--role/,
      );
      await expect(run(['add', 'bad name'], { seat: 'carol@example.com' })).rejects.toThrow(/username/);
      stdin = 'short';
      await expect(run(['set-password', 'bob'], { 'password-stdin': true })).rejects.toThrow(/at least 8/);
      stdin = 'a much longer password\n';
      await run(['set-password', 'bob'], { 'password-stdin': true });
      expect(verifyPassword('a much longer password', (await store.find('bob'))?.passwordHash)).toBe(true);
      await run(['add', 'sso-user'], { seat: 'sso@example.com', 'no-password': true });
      await run(['disable', 'bob']);
      expect((await store.find('bob'))?.disabled).toBe(true);
      lines.length = 0;
      await run(['list']);
      expect(lines).toEqual([
        'username\tname\trole\tseat\tstatus\tpassword',
        'bob\tbob\tagent\tbob@example.com\tdisabled\tset',
        'sso-user\tsso-user\tagent\tsso@example.com\tactive\tnone',
      ]);
      await run(['enable', 'bob']);
      expect((await store.find('bob'))?.disabled).toBe(false);
      await expect(run(['disable', 'nobody'])).rejects.toThrow(/no user nobody/);
      await expect(run(['frobnicate'])).rejects.toBeInstanceOf(UsageError);
    } finally {
      await handle.close();
    }
  });
});

describe.concurrent('serve', () => {
  it('prints the URL and demo sign-in, finishes an in-flight request on SIGTERM, and logs no secret', async () => {
    const own = await startEmulator({ port: 0 });
    const server = await startServerProcess({
      ...baseEnv,
      TCCC_MODE: 'emulator',
      TCCC_EMULATOR_ENDPOINT: own.apiEndpoint,
      DATABASE_URL: ':memory:',
      LOG_LEVEL: 'debug',
    } as Record<string, string>);
    try {
      expect(server.output()).toMatch(/Open http:\/\/localhost:\d+ and sign in/);
      expect(server.output()).toMatch(/agent +agent/);
      const signIn = await fetch(`${server.origin}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.origin },
        body: JSON.stringify({ username: 'agent', password: 'tccc-demo' }),
      });
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(cookie).toMatch(/^tccc_session=/);
      own.faults.api({ action: 'CreateSDKLoginToken', count: 1, delayMs: 800 });
      const inFlight = fetch(`${server.origin}/api/tccc/sdk-url`, {
        method: 'POST',
        headers: { cookie, origin: server.origin },
      });
      await new Promise((r) => setTimeout(r, 250));
      const exited = new Promise<number | null>((resolve) =>
        server.child.once('exit', (code) => resolve(code)),
      );
      server.child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(200);
      const { sdkUrl } = (await res.json()) as { sdkUrl: string };
      expect(await exited, server.output()).toBe(0);

      const logLines = server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'));
      expect(logLines.length).toBeGreaterThan(3);
      const logs = logLines.join('\n');
      for (const secret of [
        defaultEmulatorConfig.secretKey,
        'tccc-demo',
        cookie.split('=')[1] ?? 'x',
        new URL(sdkUrl).search.slice(1),
      ])
        expect(logs).not.toContain(secret);
    } finally {
      await server.stop();
      await own.close();
    }
  });
});
