// Number protection's endpoint (POST /api/tccc/number-mapping), which TCCC waits on inside every dial:
// p99 of UIDToPhone at 200 requests/s over HTTP (each one finds and uses up a live permit), on SQLite
// and PostgreSQL, beside a raw lookup of the same mapping table on the same database in this run.
// PostgreSQL is skipped, with a row saying so, when none answers at TEST_POSTGRES_URL.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { buildApp, createMemoryAccountStore, openDatabase } from '@tccc-dialer/server';
import pg from 'pg';

const NUMBERS = 100_000;
const RATE = 200; // requests per second, arriving on schedule whether or not earlier ones finished
const SECONDS = Number(process.env.BENCH_MAPPING_SECONDS ?? 10);
const TARGET_MS = 20;
const auth = 'tccc:bench-mapping-password';
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const idOf = (i) =>
  `C${i
    .toString(32)
    .toUpperCase()
    .padStart(9, '0')
    .replace(/[ILOU]/g, 'Z')}`;
const phoneOf = (i) => `139${String(i).padStart(8, '0')}`;

function p99(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
}

/** The mapping table with NUMBERS rows, and a live permit for each ID the load will ask for. */
async function fill(db, asks, now) {
  const ids = new Set();
  for (let i = 0; i < NUMBERS; i += 1000) {
    const rows = [];
    for (let j = i; j < Math.min(NUMBERS, i + 1000); j++) {
      const id = idOf(j);
      if (ids.has(id)) continue;
      ids.add(id);
      rows.push({ id, phone: phoneOf(j), created_at: now });
    }
    await db.insertInto('number_mappings').values(rows).execute();
  }
  for (let i = 0; i < asks.length; i += 500) {
    await db
      .insertInto('dial_permits')
      .values(
        asks.slice(i, i + 500).map((n) => ({
          id: `p${n}-${randomBytes(4).toString('hex')}`,
          phone: phoneOf(n),
          agent_username: 'agent',
          campaign_id: null,
          entry_id: null,
          allowed: 1,
          reason: null,
          created_at: now,
          customer_id: idOf(n),
          expires_at: now + 3_600_000,
          used_at: null,
        })),
      )
      .execute();
  }
}

function post(port, agent, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/tccc/number-mapping',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Open-loop load: request i is sent at i/RATE seconds; its latency counts from then. */
async function load(port, asks) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const samples = [];
  let refused = 0;
  const start = performance.now();
  await Promise.all(
    asks.map(async (n, i) => {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const answer = await post(port, agent, JSON.stringify({ Numbers: [idOf(n)], Mode: 'UIDToPhone' }));
      samples.push(performance.now() - due);
      if (answer.Code !== 0) refused++;
    }),
  );
  agent.destroy();
  const sorted = [...samples].sort((a, b) => a - b);
  return { p99: p99(samples), p50: sorted[Math.floor(sorted.length / 2)], refused };
}

/** The same IDs looked up directly in the table, arriving on the same schedule (no HTTP, no permit). */
async function raw(db, asks) {
  const samples = [];
  const start = performance.now();
  await Promise.all(
    asks.map(async (n, i) => {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await db.selectFrom('number_mappings').select('phone').where('id', '=', idOf(n)).executeTakeFirst();
      samples.push(performance.now() - due);
    }),
  );
  return p99(samples);
}

async function measure(engine, handle, analyze = async () => {}) {
  const now = Date.now();
  const count = RATE * SECONDS;
  const asks = Array.from({ length: count }, (_, i) => (i * 7919) % NUMBERS);
  await fill(handle.db, asks, now);
  // A freshly filled table has no planner statistics yet (autovacuum would gather them in service).
  await analyze();
  const app = buildApp({
    upstream: {
      createSdkLogin: () => Promise.reject(new Error('not used')),
      request: () => Promise.reject(new Error('not used')),
    },
    store: createMemoryAccountStore(),
    db: handle.db,
    sessionSecret: 'b'.repeat(40),
    config: {
      mode: 'cloud',
      pushBasicAuth: undefined,
      tccc: { sdkAppId: 1400000001 },
      numberMapping: {
        enabled: true,
        basicAuth: auth,
        permitTtlMs: 60_000,
        dialPad: {
          timeZone: 'Asia/Shanghai',
          hoursStart: 480,
          hoursEnd: 1260,
          capPerDay: 5,
          burstCap: 3,
          burstWindowSeconds: 300,
        },
      },
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = app.server.address();
    // Warm the route and the connection pool (PhoneToUID of numbers already mapped), then the load,
    // then the raw lookups of the same IDs.
    const agent = new Agent({ keepAlive: true });
    for (let i = 0; i < 200; i++)
      await post(port, agent, JSON.stringify({ Numbers: [phoneOf(i)], Mode: 'PhoneToUID' }));
    agent.destroy();
    const endpoint = await load(port, asks);
    const reference = await raw(handle.db, asks);
    return [
      {
        name: `UIDToPhone p99 at ${RATE} req/s, ${engine} (${NUMBERS.toLocaleString('en-US')} numbers)`,
        value: endpoint.p99,
        unit: 'ms',
        reference: `raw lookup of the same table at the same rate p99 ${reference.toFixed(2)} ms (endpoint p50 ${endpoint.p50.toFixed(2)} ms, ${endpoint.refused} refused)`,
        target: `≤ ${TARGET_MS} ms`,
        ok: endpoint.p99 <= TARGET_MS && endpoint.refused === 0,
      },
    ];
  } finally {
    await app.close();
  }
}

async function admin(text, connectionString = adminUrl) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function run() {
  const rows = [];
  const sqlite = await openDatabase(':memory:');
  try {
    rows.push(...(await measure('SQLite', sqlite)));
  } finally {
    await sqlite.close();
  }
  const name = `tccc_bench_${randomBytes(4).toString('hex')}`;
  try {
    await admin(`create database ${name}`);
  } catch (error) {
    rows.push({ name: 'UIDToPhone on PostgreSQL', value: `skipped: ${error.message}` });
    return rows;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase(url.toString(), { poolSize: 8 });
  try {
    rows.push(...(await measure('PostgreSQL', handle, () => admin('analyze', url.toString()))));
  } finally {
    await handle.close();
    await admin(`drop database ${name}`);
  }
  return rows;
}
