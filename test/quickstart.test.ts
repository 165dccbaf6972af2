// A newcomer's first ten minutes, on a fresh clone: the README's quickstart (`npm ci && npm start`),
// then every command the README shows, each exactly as written. It clones the committed tree, so it
// checks what a user gets from the repository, not the developer's working copy.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort, repoRoot } from '@tccc-dialer/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const minute = 60_000;

/** The shell commands the README shows: lines of its `sh` blocks and inline code that run `npx`. */
export function readmeCommands(readme: string): string[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').split('\n'));
  const inline = [...readme.matchAll(/`(npx [^`]+)`/g)].map((m) => m[1] ?? '');
  const commands = [...blocks, ...inline]
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npx '));
  return [...new Set(commands)];
}

// No TCCC_*, SESSION_* or DATABASE_URL from the developer's shell: a fresh machine has none.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) =>
      !/^(TCCC_|SESSION_|AUTH_|OIDC_|DATABASE_URL|REDIS_URL|TRUST_PROXY|PUBLIC_ORIGIN|SDK_ORIGINS|TLS_|PORT$|EMULATOR_PORT|npm_)/.test(
        k,
      ),
  ),
);

const isClone = existsSync(join(repoRoot, '.git'));
if (!isClone)
  console.warn('not run: the quickstart test clones the repository, and this checkout is not a git clone.');

describe.runIf(isClone)('the README on a fresh clone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tccc-quickstart-'));
  const clone = join(dir, 'tccc-dialer');
  let start: ChildProcess | undefined;
  let output = '';
  let port = 0;
  let emulatorPort = 0;

  beforeAll(async () => {
    execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
    port = await freePort();
    emulatorPort = await freePort();
  }, minute);

  afterAll(async () => {
    // Ctrl-C reaches the whole group: npm, the build's shell and the emulator and server it started.
    if (start?.pid !== undefined && start.exitCode === null) {
      const pid = start.pid;
      const exited = new Promise((resolve) => start?.once('exit', resolve));
      const signal = (name: NodeJS.Signals) => {
        try {
          process.kill(-pid, name);
        } catch {
          // The group is gone already: npm start stopped by itself.
        }
      };
      signal('SIGINT');
      const stopped = await Promise.race([
        exited.then(() => true),
        delay(30_000, undefined, { ref: false }).then(() => false),
      ]);
      if (!stopped) {
        console.warn('npm start did not stop within 30 s of Ctrl-C; killing its process group');
        signal('SIGKILL');
        await exited;
      }
    }
    // A fresh node_modules is large: remove it without blocking the worker's event loop.
    await rm(dir, { recursive: true, force: true });
  }, 3 * minute);

  it(
    'npm ci && npm start serves the workbench against the emulator and prints the demo sign-in',
    async () => {
      const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
        cwd: clone,
        env: cleanEnv,
        encoding: 'utf8',
        timeout: 8 * minute,
      });
      expect(install.status, install.stderr).toBe(0);
      start = spawn('npm', ['start'], {
        cwd: clone,
        env: { ...cleanEnv, PORT: String(port), EMULATOR_PORT: String(emulatorPort) },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, as a terminal gives it: Ctrl-C (SIGINT to the group) reaches every child.
        detached: true,
      });
      start.stdout?.on('data', (c) => {
        output += c;
      });
      start.stderr?.on('data', (c) => {
        output += c;
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`npm start did not print its URL:\n${output}`)),
          6 * minute,
        );
        const check = setInterval(() => {
          if (/Open http:\/\/localhost:\d+ and sign in/.test(output)) {
            clearTimeout(timer);
            clearInterval(check);
            resolve();
          } else if (start?.exitCode !== null) {
            clearTimeout(timer);
            clearInterval(check);
            reject(new Error(`npm start exited:\n${output}`));
          }
        }, 200);
      });
      expect(output).toContain('agent');
      expect(output).toContain('tccc-demo');
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('<div id="app">')]);
    },
    15 * minute,
  );

  it(
    'every command the README shows works right after it, as written',
    () => {
      const readme = readFileSync(join(clone, 'README.md'), 'utf8');
      const commands = readmeCommands(readme);
      expect(commands.length).toBeGreaterThanOrEqual(5);
      // The emulator `npm start` runs is where the README's CLI commands find TCCC.
      const env = { ...cleanEnv, TCCC_EMULATOR_ENDPOINT: `ccc.localhost:${emulatorPort}` };
      for (const command of commands) {
        const run = spawnSync('bash', ['-c', command], {
          cwd: clone,
          env,
          encoding: 'utf8',
          timeout: 2 * minute,
        });
        expect({ command, status: run.status, stderr: run.stderr }).toMatchObject({ command, status: 0 });
      }
      const listed = spawnSync('bash', ['-c', 'npx tccc-dialer agents list'], {
        cwd: clone,
        env,
        encoding: 'utf8',
      });
      expect(listed.stdout).toMatch(/alice/);
      // docs/emulator.md runs the emulator on its own; its command is linked too.
      expect(
        spawnSync('bash', ['-c', 'npx tccc-emulator --help'], { cwd: clone, env, encoding: 'utf8' }).status,
      ).toBe(0);
    },
    10 * minute,
  );
});
