#!/usr/bin/env node
// `npm start`: in emulator mode the emulator, then the server (which serves the built workbench), in
// one terminal; in cloud mode (TCCC_MODE=cloud in the environment or .env) the server only.
// Ctrl-C stops both. Runs the built packages, so `npm start` builds first.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { startPlan } from '../packages/server/dist/cli/start-plan.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// A `.env` in the repository root (copied from .env.example) configures the server; the environment wins.
const envPath = `${root}.env`;
const dotenv = existsSync(envPath) ? parseEnv(readFileSync(envPath, 'utf8')) : {};
const plan = startPlan(process.env, dotenv);

const children = [];
let stopping = false;

function run(name, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? `exit ${code}`}); stopping everything.`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r())))).then(
    () => process.exit(code),
  );
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

for (const line of plan.notes) console.log(line);
if (plan.emulatorArgs !== undefined) run('emulator', ['packages/emulator/dist/cli.js', ...plan.emulatorArgs]);
const envFile = existsSync(envPath) ? ['--env-file=.env'] : [];
run('server', [...envFile, 'packages/server/dist/cli/main.js', 'serve'], plan.serverEnv);
