// Call history at 1,000,000 calls on SQLite: p95 of the first page and of a phone search through the
// server's own query code (Kysely), each beside the same query on raw better-sqlite3 in this run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listCalls, openDatabase } from '@tccc-dialer/server';
import Sqlite from 'better-sqlite3';

const CALLS = Number(process.env.BENCH_HISTORY_CALLS ?? 1_000_000);
const SEATS = 50;
const PHONES = 200_000;
const RUNS = 300;
const PAGE = 50;
const OUTCOMES = [
  'answered',
  'answered',
  'answered',
  'busy',
  'noAnswer',
  'powerOff',
  'rejected',
  'numberNotExist',
];

const phoneOf = (i) => `138${String(i % PHONES).padStart(8, '0')}`;
/** Numbers spread evenly: each of PHONES customers is called about CALLS / PHONES times. */
const callPhone = (i) => phoneOf((i * 7919) % PHONES);

function p95(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  if (process.env.BENCH_DEBUG)
    console.log(
      sorted
        .filter((_, i) => i % 30 === 0)
        .map((v) => v.toFixed(2))
        .join(' '),
    );
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
}

async function time(fn) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return p95(samples);
}

/**
 * Fills the schema the migrations made. Indexes are dropped for the load and rebuilt from their own
 * stored definitions afterwards (faster than maintaining them row by row; the result is identical).
 */
function fill(file) {
  const raw = new Sqlite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  const indexes = raw
    .prepare(
      "select name, sql from sqlite_master where type = 'index' and tbl_name = 'calls' and sql is not null",
    )
    .all();
  for (const { name } of indexes) raw.exec(`drop index ${name}`);
  const users = raw.prepare(
    "insert into users (username, display_name, role, seat_user_id, password_hash, disabled, created_at, updated_at) values (?, ?, 'agent', ?, null, 0, 0, 0)",
  );
  const insert =
    raw.prepare(`insert into calls (session_id, direction, seat_user_id, agent_username, phone, callee,
    caller, started_at, ring_at, accepted_at, ended_at, talk_seconds, outcome, end_status, end_status_string,
    hung_up_side, uui, record_id, has_recording, note, has_cdr, from_browser, from_push, from_sync, created_at, updated_at)
    values (?, 'outbound', ?, ?, ?, ?, '02160000000', ?, ?, ?, ?, ?, ?, ?, ?, 'user', null, null, ?, null, 1, 1, 1, 0, ?, ?)`);
  const start = Date.UTC(2026, 0, 1);
  const span = 90 * 86_400_000;
  raw.transaction(() => {
    for (let s = 0; s < SEATS; s++) users.run(`agent${s}`, `Agent ${s}`, `agent${s}@example.com`);
    for (let i = 0; i < CALLS; i++) {
      const t = start + Math.floor((i * span) / CALLS);
      const outcome = OUTCOMES[i % OUTCOMES.length];
      const answered = outcome === 'answered';
      const seat = i % SEATS;
      const phone = callPhone(i);
      insert.run(
        `s${String(i).padStart(8, '0')}`,
        `agent${seat}@example.com`,
        `agent${seat}`,
        phone,
        phone,
        t,
        t + 1000,
        answered ? t + 5000 : null,
        t + 60_000,
        answered ? 55 : 0,
        outcome,
        answered ? 1 : 206,
        answered ? 'ok' : 'busy',
        answered ? 1 : 0,
        t,
        t,
      );
    }
  })();
  for (const { sql } of indexes) raw.exec(sql);
  raw.exec('analyze');
  raw.close();
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
  const file = join(dir, 'history.sqlite');
  try {
    (await openDatabase(file)).close();
    const loadStart = performance.now();
    fill(file);
    const loadSeconds = (performance.now() - loadStart) / 1000;

    const handle = await openDatabase(file);
    const raw = new Sqlite(file, { readonly: true });
    const supervisor = { username: 'sue', role: 'supervisor', seatUserId: 'sue@example.com' };
    const searchPhone = (i) => callPhone((i * 104_729) % CALLS);
    const select =
      'select calls.*, users.display_name from calls left join users on users.username = calls.agent_username';
    const order = 'order by calls.started_at desc, calls.session_id desc limit ?';
    const rawFirst = raw.prepare(`${select} ${order}`);
    const rawPhone = raw.prepare(`${select} where calls.phone = ? ${order}`);
    const rawSeat = raw.prepare(`${select} where calls.seat_user_id = ? ${order}`);

    // Warm both paths once so the page cache is the same for each.
    await listCalls(handle.db, supervisor, {}, { limit: PAGE });
    rawFirst.all(PAGE + 1);

    const firstPage = await time(() => listCalls(handle.db, supervisor, {}, { limit: PAGE }));
    const firstPageRaw = await time(() => rawFirst.all(PAGE + 1));
    const phone = await time((i) =>
      listCalls(handle.db, supervisor, { phone: searchPhone(i) }, { limit: PAGE }),
    );
    const phoneRaw = await time((i) => rawPhone.all(searchPhone(i), PAGE + 1));
    const agent = await time((i) =>
      listCalls(
        handle.db,
        { username: `agent${i % SEATS}`, role: 'agent', seatUserId: `agent${i % SEATS}@example.com` },
        {},
        { limit: PAGE },
      ),
    );
    const agentRaw = await time((i) => rawSeat.all(`agent${i % SEATS}@example.com`, PAGE + 1));
    // The search must actually find calls, or the timing means nothing.
    const found = (await listCalls(handle.db, supervisor, { phone: searchPhone(1) }, { limit: PAGE })).items
      .length;
    if (found === 0) throw new Error('phone search found nothing: the bench data is wrong');

    raw.close();
    await handle.close();
    const rows = (name, value, reference, target) => ({
      name,
      value,
      unit: 'ms',
      reference: `raw better-sqlite3 ${reference.toFixed(2)} ms`,
      target: `≤ ${target} ms`,
      ok: value <= target,
    });
    return [
      {
        name: `load ${CALLS.toLocaleString('en')} calls (one transaction, indexes rebuilt)`,
        value: loadSeconds,
        unit: 's',
      },
      rows(`first page p95 (${CALLS.toLocaleString('en')} calls)`, firstPage, firstPageRaw, 10),
      rows('phone search p95', phone, phoneRaw, 20),
      rows("agent's own first page p95", agent, agentRaw, 10),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
