// PostgreSQL (a server of the test's own, initdb'd in a temp dir on a spare port) stops in the
// middle of a stream of data pushes and starts again: pushes get a coded 503 meanwhile (so TCCC
// retries them), /readyz names the database, the replica recovers without a restart, and every push
// acknowledged with ErrCode 0 is stored.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  postgresBinDir,
  type ServerProcess,
  servicesAvailable,
  startServerProcess,
} from '@tccc-dialer/test-support';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cdr, eventually, pushAuthorization } from './support.js';

const available = await servicesAvailable('The PostgreSQL outage test', 'postgres-server');

const bin = postgresBinDir() ?? '';
const dir = mkdtempSync(join(tmpdir(), 'postgres-outage-'));
const data = join(dir, 'data');
let port = 0;
let replica: ServerProcess | undefined;

/** PostgreSQL refuses to run as root: its tools run as the `postgres` user when we are root. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function pgCtl(...args: string[]): void {
  const [command, argv] = asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '20', ...args]);
  execFileSync(command, argv, { stdio: 'ignore' });
}

const startPostgres = () =>
  pgCtl(
    'start',
    '-l',
    join(dir, 'postgres.log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
  );

beforeAll(async () => {
  if (!available) return;
  chmodSync(dir, 0o777);
  const [command, argv] = asPostgres(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
  ]);
  execFileSync(command, argv, { stdio: 'ignore' });
  port = await freePort();
  startPostgres();
  replica = await startServerProcess({
    TCCC_MODE: 'emulator',
    DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
    CDR_SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
  });
}, 30_000);

afterAll(async () => {
  if (!available) return;
  await replica?.stop();
  try {
    pgCtl('stop', '-m', 'immediate');
  } catch {
    // already stopped
  }
  rmSync(dir, { recursive: true, force: true });
});

it.runIf(available)(
  'PostgreSQL stopped mid-stream: STORE_UNAVAILABLE while down, recovery after, no acknowledged push lost',
  async () => {
    const origin = replica?.origin ?? '';
    type Answer = { startedAt: number; endedAt: number; status: number; errCode?: number; code?: string };
    const answers: Answer[] = [];
    const acknowledged: string[] = [];
    let stop = false;
    let n = 0;
    const sender = async () => {
      while (!stop) {
        const sessionId = `pg-outage-${n++}`;
        const startedAt = Date.now();
        const res = await fetch(`${origin}/api/tccc/push?action=cdr&version=1`, {
          method: 'POST',
          headers: {
            authorization: pushAuthorization,
            'content-type': 'application/json;charset=utf8',
            'x-tccc-push-uuid': `uuid-${sessionId}`,
          },
          body: JSON.stringify(cdr(sessionId, 'agent@example.com', 1_700_000_000 + n)),
        });
        const body = (await res.json()) as { ErrCode?: number; error?: { code: string } };
        answers.push({
          startedAt,
          endedAt: Date.now(),
          status: res.status,
          ...(body.ErrCode === undefined ? {} : { errCode: body.ErrCode }),
          ...(body.error === undefined ? {} : { code: body.error.code }),
        });
        if (res.status === 200 && body.ErrCode === 0) acknowledged.push(sessionId);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const senders = Promise.all([sender(), sender()]);

    await eventually(async () => (acknowledged.length >= 10 ? true : undefined), 5000, 'pushes to be stored');
    const stoppedAt = Date.now();
    pgCtl('stop', '-m', 'fast');
    const stoppedBy = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      error: { code: 'NOT_READY' },
      checks: { database: 'unavailable' },
    });
    const restartedAt = Date.now();
    startPostgres();
    await eventually(
      async () => (answers.some((a) => a.startedAt > restartedAt && a.errCode === 0) ? true : undefined),
      10_000,
      'a push stored after PostgreSQL is back',
    );
    stop = true;
    await senders;

    expect(answers.filter((a) => a.endedAt < stoppedAt).every((a) => a.errCode === 0)).toBe(true);
    const down = answers.filter((a) => a.startedAt > stoppedBy && a.endedAt < restartedAt);
    expect(down.length).toBeGreaterThan(3);
    expect(new Set(down.map((a) => `${a.status} ${a.code}`))).toEqual(new Set(['503 STORE_UNAVAILABLE']));
    // Never a 500 or an acknowledgement that was not stored: each answer is stored or a coded 503.
    expect(answers.every((a) => a.errCode === 0 || a.code === 'STORE_UNAVAILABLE')).toBe(true);
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);

    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await client.connect();
    try {
      const stored = await client.query('select session_id from calls where session_id = any($1)', [
        acknowledged,
      ]);
      expect(stored.rowCount).toBe(acknowledged.length);
    } finally {
      await client.end();
    }
  },
  40_000,
);
