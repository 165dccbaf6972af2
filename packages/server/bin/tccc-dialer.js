#!/usr/bin/env node
// The installed `tccc-dialer` command. It lives outside dist/ so that `npm ci` links it on a fresh
// clone, before anything is built; the compiled CLI it runs comes from `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('tccc-dialer: the server is not built yet; run `npm run build` first.\n');
  process.exit(1);
}
await import(cli.href);
