#!/usr/bin/env node
// `npm start`: the emulator, then the server (which serves the built workbench), in one terminal.
// Ctrl-C stops both. Runs the built packages, so `npm start` builds first.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const emulatorPort = process.env.EMULATOR_PORT ?? '8787';
const serverPort = process.env.PORT ?? '3000';

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

// The emulator pushes its CDRs to the server with the demo credentials the server expects in
// emulator mode (PUSH_BASIC_AUTH overrides both).
const pushAuth = process.env.PUSH_BASIC_AUTH ?? 'tccc-emulator:demo-push-password';
// Number protection (号码保护) is on for the demo: the emulator asks the server's mapping endpoint for
// the number behind each customer ID, and one demo list keeps its numbers from agents.
// NUMBER_MAPPING=off turns it off for both.
const mapping = (process.env.NUMBER_MAPPING ?? 'on') === 'on';
const mappingAuth = process.env.NUMBER_MAPPING_BASIC_AUTH ?? 'tccc-emulator:demo-mapping-password';
const mappingArgs = mapping
  ? [
      '--number-mapping-url',
      `http://localhost:${serverPort}/api/tccc/number-mapping`,
      '--number-mapping-auth',
      mappingAuth,
    ]
  : [];
run('emulator', [
  'packages/emulator/dist/cli.js',
  '--port',
  emulatorPort,
  '--push-url',
  `http://localhost:${serverPort}/api/tccc/push`,
  '--push-auth',
  pushAuth,
  ...mappingArgs,
]);
// A `.env` in the repository root (copied from .env.example) configures the server; the environment wins.
const envFile = existsSync(`${root}.env`) ? ['--env-file=.env'] : [];
run('server', [...envFile, 'packages/server/dist/cli/main.js', 'serve'], {
  TCCC_EMULATOR_ENDPOINT: process.env.TCCC_EMULATOR_ENDPOINT ?? `ccc.localhost:${emulatorPort}`,
  PORT: serverPort,
  PUSH_BASIC_AUTH: pushAuth,
  NUMBER_MAPPING: mapping ? 'on' : 'off',
  NUMBER_MAPPING_BASIC_AUTH: mappingAuth,
  // The demo's dial pad calls at any hour; a deployment keeps TCCC's 08:00-21:00.
  DIALPAD_CALLING_HOURS: process.env.DIALPAD_CALLING_HOURS ?? '00:00-24:00',
});
