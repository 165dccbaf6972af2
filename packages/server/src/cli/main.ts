#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createDbAccountStore } from '../auth/account-store.js';
import { createDbSessionStore } from '../auth/session-store.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { defaultDatabaseUrl, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrations.js';
import { cdrApiFromUpstream } from '../records/cdr-api.js';
import { startServer } from '../server.js';
import { createUpstream, upstreamOptionsFrom } from '../upstream/client.js';
import { agentsCommand, UsageError } from './agents.js';
import { runCdrCommand } from './cdr.js';
import { probeCredentials } from './check-config.js';

const usage = `Usage: tccc-dialer <command>
  serve                                   start the server (default)
  check-config [--probe] [--seat EMAIL]   validate the environment; in cloud mode (or with --probe) prove
                                          the credentials with one CreateSDKLoginToken
  db migrate                              bring the database schema up to date
  cdr sync [--since ISO|7d|12h] [--page-size 1..100]
                                          pull DescribeTelCdr into the call history now (resumes
                                          from the last saved position unless --since is given)
  agents add USER --seat EMAIL [--name NAME] [--role agent|supervisor] [--password-stdin | --no-password]
  agents list
  agents disable USER | agents enable USER
  agents set-password USER [--password-stdin]
  agents sign-out USER | agents sign-out --all
                                          end a user's (or everyone's) open sessions on every replica;
                                          disable and set-password end that user's sessions too
Without --password-stdin a random password is generated and shown once.
Configuration comes from environment variables; see .env.example.`;

// Exit codes: 0 ok, 1 failure, 2 usage, 78 configuration (EX_CONFIG).
function fail(line: string, code: number): never {
  process.stderr.write(`tccc-dialer: ${line}\n`);
  process.exit(code);
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c) => {
      data += c;
    });
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

function config() {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`config error: ${error.message}`, 78);
    throw error;
  }
}

async function withDatabase<T>(
  run: (h: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
  migrate = true,
): Promise<T> {
  const url = process.env.DATABASE_URL?.trim() || defaultDatabaseUrl;
  const handle = await openDatabase(url, { migrate });
  try {
    return await run(handle);
  } finally {
    await handle.close();
  }
}

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      strict: true,
      options: {
        seat: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        'no-password': { type: 'boolean' },
        all: { type: 'boolean' },
        probe: { type: 'boolean' },
        since: { type: 'string' },
        'page-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`, 2);
  }
}
const { positionals, values } = parse();

/** `cdr` options back into the argv form its own parser reads. */
function cdrArgv(rest: string[], v: typeof values): string[] {
  const argv = [...rest];
  if (v.since !== undefined) argv.push('--since', v.since);
  if (v['page-size'] !== undefined) argv.push('--page-size', v['page-size']);
  return argv;
}
const [command = 'serve', ...rest] = positionals;

try {
  if (values.help) {
    console.log(usage);
  } else if (command === 'serve') {
    await startServer(config(), { handleSignals: true }).catch((error: unknown) => {
      if (error instanceof ConfigError) fail(`config error: ${error.message}`, 78);
      throw error;
    });
  } else if (command === 'check-config') {
    const c = config();
    console.log(
      `config ok: TCCC_MODE=${c.mode}, endpoint ${c.tccc.apiEndpoint}, AUTH_MODE=${c.auth.mode}, TCCC_API_QPS=${c.tccc.qps}`,
    );
    if (c.mode === 'cloud' || values.probe) {
      const result = await probeCredentials(c, values.seat);
      if (!result.ok) fail(result.line, 1);
      console.log(result.line);
    }
  } else if (command === 'db' && rest[0] === 'migrate') {
    const report = await withDatabase((h) => migrateToLatest(h.db as never), false);
    console.log(
      report.applied.length === 0 ? 'database is up to date' : `applied: ${report.applied.join(', ')}`,
    );
  } else if (command === 'cdr') {
    const c = config();
    const upstream = createUpstream(upstreamOptionsFrom(c.tccc));
    try {
      process.exitCode = await withDatabase((h) =>
        runCdrCommand(cdrArgv(rest, values), {
          db: h.db,
          api: cdrApiFromUpstream(upstream, c.tccc.sdkAppId),
          auditPermits: c.numberMapping.enabled,
        }),
      );
    } finally {
      upstream.close?.();
    }
  } else if (command === 'agents') {
    await withDatabase((h) =>
      agentsCommand(
        { store: createDbAccountStore(h.db), sessions: createDbSessionStore(h.db) },
        rest,
        values,
        {
          print: (line) => console.log(line),
          readPassword: readStdin,
        },
      ),
    );
  } else {
    fail(`unknown command "${[command, ...rest].join(' ')}"\n${usage}`, 2);
  }
} catch (error) {
  if (error instanceof UsageError) fail(`${error.message}\n${usage}`, 2);
  throw error;
}
