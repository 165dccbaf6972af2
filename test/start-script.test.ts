// `npm start` (scripts/start.mjs, on the built packages) with a cloud `.env`: it starts no emulator and
// the server uses the `.env` push credentials, so the emulator's public demo pair is refused. The
// script runs from a copy of the repository's layout whose `.env` is this test's own.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from '@tccc-dialer/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !/^(TCCC_|SESSION_|AUTH_|PUSH_|DATABASE_URL|REDIS_URL|PORT$|EMULATOR_PORT|npm_)/.test(k),
  ),
);
const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;

describe('npm start with a cloud .env', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tccc-start-'));
  let child: ChildProcess | undefined;
  let output = '';
  let port = 0;
  let emulatorPort = 0;

  beforeAll(async () => {
    for (const built of ['packages/server/dist/cli/start-plan.js', 'packages/emulator/dist/cli.js'])
      if (!existsSync(join(repoRoot, built)))
        throw new Error(`build first (npm run build): ${built} is missing`);
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(join(repoRoot, 'scripts/start.mjs'), join(dir, 'scripts/start.mjs'));
    symlinkSync(join(repoRoot, 'packages'), join(dir, 'packages'));
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
    port = await freePort();
    emulatorPort = await freePort();
    writeFileSync(
      join(dir, '.env'),
      [
        'TCCC_MODE=cloud',
        'TCCC_SECRET_ID=AKIDexample0000000000',
        'TCCC_SECRET_KEY=example-secret-key-0000',
        'TCCC_SDK_APP_ID=1400000001',
        'SESSION_SECRET=8d3f0b6a1c9e47d2a5f8e0c3b7d14a69e2c5f8b0a3d6e9c1f4a7b0d3e6c9f2a5',
        'PUSH_BASIC_AUTH=tccc-push:the-env-push-password',
        'DATABASE_URL=:memory:',
        'CDR_SYNC_INTERVAL_SECONDS=0',
        `PORT=${port}`,
        `EMULATOR_PORT=${emulatorPort}`,
        '',
      ].join('\n'),
    );
    child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: dir,
      env: cleanEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.on('data', (c) => {
      output += c;
    });
    child.stderr?.on('data', (c) => {
      output += c;
    });
    // Ready when the server prints where it runs (it listens before printing).
    await new Promise<void>((resolve, reject) => {
      const check = () => (/tccc-dialer is running/.test(output) ? resolve() : undefined);
      child?.stdout?.on('data', check);
      child?.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts no emulator, and the server takes the .env push credentials, refusing the demo pair', async () => {
    expect(output).toMatch(/TCCC_MODE=cloud: starting the server only/);
    expect(output).not.toMatch(/TCCC emulator/);
    await expect(fetch(`http://127.0.0.1:${emulatorPort}/`)).rejects.toThrow();
    const push = (pair: string) =>
      fetch(`http://127.0.0.1:${port}/api/tccc/push?action=cdr&version=1`, {
        method: 'POST',
        headers: {
          authorization: basic(pair),
          'content-type': 'application/json;charset=utf8',
          'x-tccc-push-uuid': `start-${pair.length}`,
        },
        body: JSON.stringify({}),
      });
    const forged = await push('tccc-emulator:demo-push-password');
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('PUSH_UNAUTHORIZED');
    const genuine = await push('tccc-push:the-env-push-password');
    expect(genuine.status).not.toBe(401);
  });
});
