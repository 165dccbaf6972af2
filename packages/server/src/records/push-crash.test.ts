import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { pushAuth, pushHeader } from './test-support/records-app.js';

const serverScript = fileURLToPath(new URL('./test-support/push-server.ts', import.meta.url));
const children = new Set<ChildProcess>();
const dirs: string[] = [];

afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts the push server on `file` and resolves its port once it listens. */
function startServer(file: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', serverScript, file, pushAuth], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`push server exited early (${code})`)));
  });
}

function cdr(i: number) {
  return {
    SdkAppId: 1400000001,
    SessionId: `crash-${i}`,
    Direction: 1,
    Caller: '02160000000',
    Callee: '008613800138000',
    StartTimestamp: 1_700_000_000 + i,
    EndedTimestamp: 1_700_000_030 + i,
    EndStatusString: 'busy',
    SeatUser: { Mail: 'agent@example.com' },
  };
}

it('every push answered {"ErrCode":0} before a SIGKILL is in the store after restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'push-crash-'));
  dirs.push(dir);
  const file = join(dir, 'records.sqlite');
  const { child, port } = await startServer(file);

  const acknowledged: string[] = [];
  let next = 0;
  let killed = false;
  let unanswered = 0;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Eight senders keep pushes in flight. Once 300 are acknowledged the server is killed while they keep
  // sending; each sender stops at its first push that gets no answer.
  const sender = async () => {
    for (;;) {
      const i = next++;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/tccc/push?action=cdr&version=1`, {
          method: 'POST',
          headers: {
            authorization: pushHeader,
            'content-type': 'application/json;charset=utf8',
            'x-tccc-push-uuid': `uuid-${i}`,
          },
          body: JSON.stringify(cdr(i)),
        });
        const body = (await res.json()) as { ErrCode?: number };
        if (body.ErrCode === 0) acknowledged.push(`crash-${i}`);
      } catch {
        // Cut off by the kill: TCCC would retry this push later; it was never acknowledged.
        unanswered++;
        return;
      }
      if (acknowledged.length >= 300 && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, sender));
  await exited;
  expect(child.signalCode).toBe('SIGKILL');
  expect(acknowledged.length).toBeGreaterThanOrEqual(300);
  expect(unanswered).toBe(8);

  // Restart on the same file (recovers the WAL), then read what it holds.
  const restarted = await startServer(file);
  restarted.child.kill('SIGKILL');
  const handle = await openDatabase(file);
  try {
    const stored = new Set(
      (await handle.db.selectFrom('calls').select('session_id').execute()).map((r) => r.session_id),
    );
    const receipts = await handle.db.selectFrom('push_receipts').select('push_uuid').execute();
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(receipts.length).toBe(stored.size);
  } finally {
    await handle.close();
  }
});
