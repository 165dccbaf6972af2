// What one replica holds: the load run (bench/loadtest.mjs, the real-time day profile) at 100, 250 and
// 500 agents on one SQLite replica, then 500 on two replicas + PostgreSQL + Redis behind nginx. For
// each: the worst agent route's p99 once the shift start is over against 50 ms (sign-in apart, its
// password hash is slow by design), beside the whole run's (shift start included, SDK URLs beyond the
// wait TCCC's quota forces), and the replica's CPU once the shift start is over.
// Agents per core = agents ÷ that CPU; the same figure at 100 and at 500 agents says whether the
// work grows linearly with the centre.
import { loadtest, targetP99Ms } from './loadtest.mjs';

const seconds = Number(process.env.BENCH_LOADTEST_SECONDS ?? 90);
const profile = 'bench/profiles/day.json';
const out = 'bench/results';

async function once(agents, mode) {
  const { result } = await loadtest({ agents, seconds, mode, profile, faults: false, out });
  const replicas = result.processes.filter((p) => p.name.startsWith('replica'));
  const cores = replicas.reduce((n, p) => n + p.steadyCpu, 0);
  const whole = result.checks['worst p99 of agent routes (ms, sign-in apart)'];
  const worst = result.checks['worst p99 of agent routes after the shift start (ms)'];
  const slowest = result.checks['slowest route after the shift start'];
  const signIn = result.routes['POST /api/session (sign-in)'];
  return {
    agents,
    mode,
    result,
    cores,
    whole,
    worst,
    slowest,
    signIn,
    perCore: cores > 0 ? Math.round(agents / cores) : 0,
  };
}

export async function run() {
  const runs = [];
  for (const agents of [100, 250, 500]) runs.push(await once(agents, 'sqlite'));
  runs.push(await once(500, 'cluster'));
  const rows = [];
  for (const r of runs) {
    const where =
      r.mode === 'cluster' ? 'two replicas + PostgreSQL + Redis behind nginx' : 'one replica, SQLite';
    rows.push({
      name: `${r.agents} agents, ${where}: worst agent route p99 after the shift start`,
      value: r.worst,
      unit: 'ms',
      reference: `${r.slowest}; the whole run, shift start included: ${r.whole} ms; ${r.result.requests} requests, ${r.result.errorCount} errors; sign-in p50/p99 ${r.signIn?.p50} / ${r.signIn?.p99} ms (apart)`,
      target: `≤ ${targetP99Ms} ms, 0 errors`,
      ok: r.worst <= targetP99Ms && r.result.errorCount === 0,
    });
    rows.push({
      name: `  … agents one core holds at that rate`,
      value: r.perCore,
      unit: 'agents',
      reference: `replica CPU after the shift start ${r.cores.toFixed(2)} cores (${r.result.steadyFrom} s on); load generator ${r.result.processes.find((p) => p.name === 'load generator')?.steadyCpu} cores`,
    });
  }
  const [small, , large] = runs;
  rows.push({
    name: 'growth 100 → 500 agents: CPU per agent at 500 ÷ at 100',
    value: small.cores > 0 ? large.cores / large.agents / (small.cores / small.agents) : 0,
    unit: '×',
    reference: '1.00 = linear; above it, each agent costs more in a larger centre',
  });
  return rows;
}
