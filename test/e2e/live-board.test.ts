// The supervisor's live board across replicas, in Chromium: the agent works on replica A, the
// supervisor watches through nginx, which sends the board to replica B and falls back to A. Both
// replicas share one PostgreSQL database and one Redis. Each change must reach the supervisor's screen
// within a second of the agent's screen showing it; killing B moves the board to A without a reload.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  launchChromium,
  repoRoot,
  type ServerProcess,
  servicesAvailable,
} from '@tccc-dialer/test-support';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScaleWorld, eventually, password, type ScaleWorld, startReplicas } from '../scale/support.js';

const available = await servicesAvailable('The live board test', 'nginx', 'postgres', 'redis');
const workbenchBuilt = existsSync(`${repoRoot}packages/workbench/dist/index.html`);
const dir = mkdtempSync(join(tmpdir(), 'live-board-'));

let world: ScaleWorld;
let replicas: ServerProcess[] = [];
let nginx: ChildProcess | undefined;
let nginxLog = '';
let front = '';
let browser: Browser;

/** nginx in front of the supervisor: replica B first, A only as its backup (so the board is on B). */
function nginxConfig(port: number, primary: number, backup: number): string {
  const temp = ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];
  for (const t of temp) mkdirSync(join(dir, t), { recursive: true });
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 128; }',
    'http {',
    '  access_log off;',
    ...temp.map((t) => `  ${t === 'body' ? 'client_body' : t}_temp_path ${join(dir, t)};`),
    `  upstream board { server 127.0.0.1:${primary} max_fails=1 fail_timeout=30s; server 127.0.0.1:${backup} backup; }`,
    `  server { listen 127.0.0.1:${port};`,
    '    location / { proxy_pass http://board; proxy_http_version 1.1; proxy_set_header Connection "";',
    '      proxy_set_header Host $http_host; proxy_connect_timeout 2s; proxy_read_timeout 30s; }',
    '  }',
    '}',
  ].join('\n');
}

beforeAll(async () => {
  if (!available) return;
  if (!workbenchBuilt)
    throw new Error('The workbench is not built: run `npm run build` (npm test does it first).');
  world = await createScaleWorld({ agents: 2, qps: 20 });
  // The supervisor's own softphone on a seat of its own, not agent0's.
  const db = new pg.Client({ connectionString: world.databaseUrl });
  await db.connect();
  await db.query("update users set seat_user_id = $1 where username = 'boss'", [world.seats[1]]);
  await db.end();
  replicas = await startReplicas(2, {
    ...world.env(),
    CDR_SYNC_INTERVAL_SECONDS: '0',
    BOARD_RECONCILE_SECONDS: '0',
    // Request lines show which replica served the board's stream.
    LOG_LEVEL: 'info',
  });
  const [a, b] = replicas.map((r) => Number(new URL(r.origin).port)) as [number, number];
  const port = await freePort();
  front = `http://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(port, b, a));
  const binary = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  nginx = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nginx.stderr?.on('data', (c) => {
    nginxLog += c;
  });
  await eventually(
    async () => {
      if (nginx?.exitCode !== null) throw new Error(`nginx exited: ${nginxLog}`);
      return (await fetch(`${front}/healthz`).catch(() => undefined))?.status === 200 ? true : undefined;
    },
    10_000,
    'nginx to answer',
  );
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  if (!available) return;
  await browser?.close();
  if (nginx !== undefined && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx?.once('exit', resolve));
    nginx.kill('SIGQUIT');
    await exited;
  }
  await Promise.all(replicas.map((r) => r.stop()));
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(page: Page, origin: string, username: string) {
  await page.goto(origin);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
}

/**
 * Records, in the page, each time an element's attribute takes a value (wall-clock ms, the one clock of
 * this machine): `window.seen['<testid>:<value>']` lists the moments, oldest first.
 */
async function watchAttribute(page: Page, testId: string, attribute: string) {
  await page.evaluate(
    ([id, attr]) => {
      const w = window as unknown as { seen?: Record<string, number[]> };
      w.seen ??= {};
      const seen = w.seen;
      let last: string | null | undefined;
      const note = () => {
        const value = document.querySelector(`[data-testid="${id}"]`)?.getAttribute(attr as string);
        if (value === last) return;
        last = value;
        if (value == null) return;
        const key = `${id}:${value}`;
        seen[key] = [...(seen[key] ?? []), Date.now()];
      };
      new MutationObserver(note).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: [attr as string],
      });
      note();
    },
    [testId, attribute],
  );
}

/** When the page first showed `testId` with that value at or after `after`; waits for it. */
async function seenAt(page: Page, testId: string, value: string, after: number, timeoutMs = 10_000) {
  const args = { key: `${testId}:${value}`, after };
  await page.waitForFunction(
    ({ key, after }) =>
      ((window as unknown as { seen?: Record<string, number[]> }).seen?.[key] ?? []).some((t) => t >= after),
    args,
    { timeout: timeoutMs },
  );
  return page.evaluate(
    ({ key, after }) =>
      ((window as unknown as { seen: Record<string, number[]> }).seen[key] ?? []).find((t) => t >= after) ??
      0,
    args,
  );
}

describe.runIf(available)('the live board across two replicas', () => {
  it("follows the agent's call and status within a second, and survives the loss of its replica", async () => {
    const [a, b] = replicas as [ServerProcess, ServerProcess];
    const agentContext = await browser.newContext();
    await agentContext.grantPermissions(['microphone'], { origin: a.origin });
    const agent = await agentContext.newPage();
    await signIn(agent, a.origin, 'agent0');
    await expect
      .poll(() => agent.getByTestId('sdk-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('ready');

    const supervisorContext = await browser.newContext();
    const supervisor = await supervisorContext.newPage();
    await signIn(supervisor, front, 'boss');
    await supervisor.getByTestId('nav-board').click();
    await expect
      .poll(() => supervisor.getByTestId('board-connection').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('live');
    // The board's stream is on B (nginx's primary), the agent on A.
    expect(b.output()).toContain('"url":"/api/board/events"');
    expect(a.output()).not.toContain('"url":"/api/board/events"');
    await expect.poll(() => supervisor.getByTestId('status-agent0').getAttribute('data-status')).toBe('free');

    await watchAttribute(agent, 'call-state', 'data-state');
    await watchAttribute(agent, 'agent-status', 'class');
    await watchAttribute(supervisor, 'call-agent0', 'data-phase');
    await watchAttribute(supervisor, 'status-agent0', 'data-status');
    await watchAttribute(supervisor, 'board-connection', 'data-state');
    await supervisor.evaluate(() => {
      (window as unknown as { pageMark: string }).pageMark = 'before-kill';
    });
    const lags: Record<string, number> = {};

    /** How long after the agent's screen showed `agentValue` the board showed `boardValue`. */
    const lag = async (
      after: number,
      agentId: string,
      agentValue: string,
      boardId: string,
      boardValue: string,
    ) => {
      const onBoard = await seenAt(supervisor, boardId, boardValue, after);
      return onBoard - (await seenAt(agent, agentId, agentValue, after));
    };
    const dialledAt = Date.now();
    await agent.getByTestId('dial-input').fill('13800138000');
    await agent.getByTestId('dial-button').click();
    lags.started = await lag(dialledAt, 'call-state', 'ringing', 'call-agent0', 'ringing');
    lags.connected = await lag(dialledAt, 'call-state', 'connected', 'call-agent0', 'connected');
    const hungUpAt = Date.now();
    await agent.getByTestId('hangup-button').click();
    lags.ended = await lag(hungUpAt, 'call-state', 'ended', 'call-agent0', 'none');

    await expect.poll(() => agent.getByTestId('agent-status').isEnabled(), { timeout: 10_000 }).toBe(true);
    const restAt = Date.now();
    await agent.getByTestId('agent-status').selectOption('rest');
    lags.status = await lag(restAt, 'agent-status', 'agent-status rest', 'status-agent0', 'rest');
    console.log(`board lag behind the agent's screen (ms): ${JSON.stringify(lags)}`);
    for (const ms of Object.values(lags)) expect(ms).toBeLessThanOrEqual(1000);

    // B goes away: the board says it is stale, reconnects through nginx to A, and is live again.
    const exited = new Promise((resolve) => b.child.once('exit', resolve));
    b.child.kill('SIGKILL');
    await exited;
    await seenAt(supervisor, 'board-connection', 'stale', Date.now() - 1000);
    await expect
      .poll(() => supervisor.getByTestId('board-connection').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('live');
    expect(await supervisor.evaluate(() => (window as unknown as { pageMark?: string }).pageMark)).toBe(
      'before-kill',
    );
    await eventually(
      async () => (a.output().includes('"url":"/api/board/events"') ? true : undefined),
      5000,
      'the board to reach replica A',
    );
    // Still live: the agent's next change arrives through A.
    await agent.getByTestId('agent-status').selectOption('free');
    await expect
      .poll(() => supervisor.getByTestId('status-agent0').getAttribute('data-status'), { timeout: 5000 })
      .toBe('free');

    await agentContext.close();
    await supervisorContext.close();
  }, 90_000);
});
