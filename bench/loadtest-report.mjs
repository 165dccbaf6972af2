// The load generator's bookkeeping and output (no `run()`, so bench/run.mjs skips it): latencies per
// route, errors by code, the replicas' RSS and CPU from /proc, a JSON result and an HTML chart.
import { readFileSync, writeFileSync } from 'node:fs';

export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Latency samples per route (with each request's start) and errors per `route → status code`, each stamped with its time. */
export function createRecorder(startedAt = performance.now()) {
  const routes = new Map();
  const errors = [];
  const summarise = (samples) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      count: sorted.length,
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? 0),
    };
  };
  return {
    record(route, ms, start = performance.now() - ms) {
      const r = routes.get(route);
      if (r === undefined) routes.set(route, { ms: [ms], start: [start] });
      else {
        r.ms.push(ms);
        r.start.push(start);
      }
    },
    error(route, status, code) {
      errors.push({ route, status, code, at: (performance.now() - startedAt) / 1000 });
    },
    errors: () => errors,
    /** Per route; with `fromSecond`, only the requests sent from that second of the run on. */
    summary(fromSecond = 0) {
      const from = startedAt + fromSecond * 1000;
      const out = {};
      for (const [route, r] of [...routes].sort(([a], [b]) => a.localeCompare(b))) {
        const ms = r.ms.filter((_, i) => r.start[i] >= from);
        if (ms.length > 0) out[route] = summarise(ms);
      }
      return out;
    },
    /** The `n` slowest requests sent from `fromSecond` on, with when they were sent: the tail, placed in time. */
    slowest(n, fromSecond = 0) {
      const from = startedAt + fromSecond * 1000;
      const all = [...routes].flatMap(([route, r]) =>
        r.ms.flatMap((ms, i) => (r.start[i] >= from ? [{ route, ms, start: r.start[i] }] : [])),
      );
      return all
        .sort((a, b) => b.ms - a.ms)
        .slice(0, n)
        .map((q) => ({ route: q.route, ms: round(q.ms), at: round((q.start - startedAt) / 1000) }));
    },
    /**
     * For the routes that spend one TCCC action's quota, each request's latency split into the wait
     * the quota alone forces on those arrivals and what is left: what the product adds.
     */
    beyondQuota(names, perSecond) {
      const requests = names.flatMap((name) => {
        const r = routes.get(name);
        return r === undefined ? [] : r.ms.map((ms, i) => ({ name, ms, start: r.start[i] }));
      });
      const floor = quotaWaits(
        requests.map((q) => q.start),
        perSecond,
      );
      const out = {};
      for (const name of names) {
        const mine = requests.map((q, i) => ({ ...q, wait: floor[i] })).filter((q) => q.name === name);
        if (mine.length === 0) continue;
        out[name] = {
          quotaWait: summarise(mine.map((q) => q.wait)),
          added: summarise(mine.map((q) => Math.max(0, q.ms - q.wait))),
        };
      }
      return out;
    },
  };
}

/**
 * The least each request must wait under a quota of `perSecond` requests in any one second, given
 * when they arrived: at most `perSecond` in flight per second, each slot free again one second after
 * its request was sent (TCCC's round trip is not counted, so the floor is on the low side).
 */
export function quotaWaits(starts, perSecond) {
  const order = starts.map((_, i) => i).sort((a, b) => starts[a] - starts[b]);
  // The times at which each of the quota's slots is free again, kept sorted (perSecond is small).
  const freeAt = Array(perSecond).fill(Number.NEGATIVE_INFINITY);
  const waits = Array(starts.length);
  for (const i of order) {
    const sent = Math.max(starts[i], freeAt[0]);
    waits[i] = sent - starts[i];
    freeAt.shift();
    const at = sent + 1000;
    const k = freeAt.findIndex((t) => t > at);
    freeAt.splice(k === -1 ? freeAt.length : k, 0, at);
  }
  return waits;
}

const round = (n) => Math.round(n * 100) / 100;

/** Where a fault window's errors are counted: from the fault until 10 s after it ends, or until the next begins. */
export function faultSpans(faults) {
  return faults.map((w, k) => ({
    from: w.from,
    to: Math.min(w.to + 10, faults[k + 1]?.from ?? Number.POSITIVE_INFINITY),
  }));
}

/** The errors a run with faults does not expect: all but the coded 503s inside a fault's span. */
export function unexpectedErrors(errors, faults) {
  const spans = faultSpans(faults);
  const expected = (e) =>
    e.status === 503 && e.code !== 'UNCODED' && spans.some((s) => e.at >= s.from && e.at < s.to);
  return errors.filter((e) => !expected(e));
}

/** Errors counted by `status code`, optionally only those inside [from, to) seconds of the run. */
export function countErrors(errors, from = 0, to = Number.POSITIVE_INFINITY) {
  const counts = {};
  for (const e of errors) {
    if (e.at < from || e.at >= to) continue;
    const key = `${e.route} → ${e.status} ${e.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const ticksPerSecond = 100; // USER_HZ on Linux
const pageBytes = 4096;

/** CPU seconds and resident bytes of a process, from /proc (Linux); undefined once it is gone. */
function readProc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    const rss = Number(fields[21]) * pageBytes;
    return { cpu, rss };
  } catch {
    return undefined;
  }
}

/** Samples each replica once a second: CPU use (cores) over the last second and RSS (MB). */
export function sampleProcesses(replicas, startedAt = performance.now()) {
  const series = replicas.map((r) => ({ name: r.name, points: [] }));
  const last = new Map();
  const timer = setInterval(() => {
    const t = (performance.now() - startedAt) / 1000;
    for (const [i, r] of replicas.entries()) {
      const pid = r.pid();
      const now = pid === undefined ? undefined : readProc(pid);
      if (now === undefined) continue;
      const before = last.get(pid);
      last.set(pid, { ...now, t });
      if (before === undefined) continue;
      series[i]?.points.push({
        t: round(t),
        cpu: round((now.cpu - before.cpu) / (t - before.t)),
        rssMb: round(now.rss / 1e6),
      });
    }
  }, 1000);
  timer.unref();
  return {
    /** `steadyFrom`: the second from which the mean is also taken alone, once the shift start is over. */
    stop(steadyFrom = 0) {
      clearInterval(timer);
      return series.map((s) => {
        const cpu = s.points.map((p) => p.cpu);
        const steady = s.points.filter((p) => p.t >= steadyFrom).map((p) => p.cpu);
        const rss = s.points.map((p) => p.rssMb);
        const mean = (xs) => (xs.length === 0 ? 0 : round(xs.reduce((a, b) => a + b, 0) / xs.length));
        return { ...s, meanCpu: mean(cpu), steadyCpu: mean(steady), maxRssMb: Math.max(0, ...rss) };
      });
    },
  };
}

const esc = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** Horizontal bars of p50/p95/p99 per route, against a line at the latency target. */
function latencySvg(routes, targetMs) {
  const names = Object.keys(routes);
  const max = Math.max(targetMs * 1.2, ...names.map((n) => routes[n].p99));
  const width = 560;
  const rowH = 30;
  const left = 260;
  const x = (ms) => left + (ms / max) * width;
  const rows = names.map((n, i) => {
    const r = routes[n];
    const y = 20 + i * rowH;
    return `<text x="${left - 8}" y="${y + 14}" text-anchor="end">${esc(n)}</text>
<rect x="${left}" y="${y}" width="${x(r.p99) - left}" height="18" fill="#f4b6b6"/>
<rect x="${left}" y="${y}" width="${x(r.p95) - left}" height="18" fill="#f6d58e"/>
<rect x="${left}" y="${y}" width="${x(r.p50) - left}" height="18" fill="#8fc1e3"/>
<text x="${x(r.p99) + 6}" y="${y + 14}">${r.p50} / ${r.p95} / ${r.p99} ms (${r.count})</text>`;
  });
  const h = 40 + names.length * rowH;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 220}" height="${h}" font-family="sans-serif" font-size="12">
${rows.join('\n')}
<line x1="${x(targetMs)}" y1="10" x2="${x(targetMs)}" y2="${h - 10}" stroke="#c00" stroke-dasharray="4 3"/>
<text x="${x(targetMs) + 4}" y="${h - 2}" fill="#c00">p99 target ${targetMs} ms</text>
</svg>`;
}

/** CPU (cores) and RSS (MB) of each replica over the run, with the fault windows shaded. */
function processSvg(processes, windows, seconds) {
  const width = 780;
  const height = 160;
  const x = (t) => 40 + (t / Math.max(1, seconds)) * width;
  const colours = ['#1f77b4', '#d62728', '#2ca02c'];
  const maxRss = Math.max(1, ...processes.flatMap((p) => p.points.map((q) => q.rssMb)));
  const line = (points, value, top, scale) =>
    points
      .map((p) => `${x(p.t).toFixed(1)},${(top + height - (value(p) / scale) * height).toFixed(1)}`)
      .join(' ');
  const shade = windows
    .map(
      (w) =>
        `<rect x="${x(w.from)}" y="0" width="${Math.max(1, x(w.to) - x(w.from))}" height="${2 * height + 40}" fill="#eee"/><text x="${x(w.from) + 2}" y="12">${esc(w.name)}</text>`,
    )
    .join('\n');
  const lines = processes
    .map(
      (
        p,
        i,
      ) => `<polyline fill="none" stroke="${colours[i % 3]}" points="${line(p.points, (q) => q.cpu, 20, 2)}"/>
<polyline fill="none" stroke="${colours[i % 3]}" stroke-dasharray="5 3" points="${line(p.points, (q) => q.rssMb, height + 40, maxRss)}"/>
<text x="${40 + width + 8}" y="${30 + i * 16}" fill="${colours[i % 3]}">${esc(p.name)}</text>`,
    )
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width + 160}" height="${2 * height + 60}" font-family="sans-serif" font-size="12">
${shade}
<text x="0" y="30">CPU (0–2 cores)</text><text x="0" y="${height + 50}">RSS (0–${Math.round(maxRss)} MB)</text>
${lines}
</svg>`;
}

/** Writes `<base>.json` and `<base>.html` and returns their paths. */
export function writeReport(base, result) {
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  const errorRows = Object.entries(result.errors)
    .map(([k, n]) => `<tr><td>${esc(k)}</td><td>${n}</td></tr>`)
    .join('');
  const windowRows = result.faults
    .map(
      (w) =>
        `<tr><td>${esc(w.name)}</td><td>${w.from}–${w.to} s</td><td>${esc(JSON.stringify(w.errors))}</td><td>${w.recoveredSeconds ?? ''}</td></tr>`,
    )
    .join('');
  const html = `<!doctype html><meta charset="utf-8"><title>tccc-dialer load: ${esc(result.title)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:72em}td,th{padding:2px 10px;text-align:left}</style>
<h1>${esc(result.title)}</h1>
<p>${esc(result.profile.name)}; ${result.agents} agents for ${result.seconds} s (time scale ${result.profile.timeScale}); ${result.requests} requests, ${result.errorCount} errors.</p>
<h2>Latency per route (p50 / p95 / p99)</h2>${latencySvg(result.routes, result.targetP99Ms)}
<h2>Errors by code</h2><table><tr><th>route, status and code</th><th>count</th></tr>${errorRows || '<tr><td>none</td><td>0</td></tr>'}</table>
<h2>Replicas</h2>${processSvg(result.processes, result.faults, result.seconds)}
<table><tr><th>replica</th><th>mean CPU (cores)</th><th>max RSS (MB)</th></tr>${result.processes.map((p) => `<tr><td>${esc(p.name)}</td><td>${p.meanCpu}</td><td>${p.maxRssMb}</td></tr>`).join('')}</table>
${result.faults.length > 0 ? `<h2>Fault windows</h2><table><tr><th>fault</th><th>window</th><th>errors</th><th>serving again after (s)</th></tr>${windowRows}</table>` : ''}
<h2>Checks</h2><table>${Object.entries(result.checks)
    .map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(JSON.stringify(v))}</td></tr>`)
    .join('')}</table>`;
  writeFileSync(`${base}.html`, html);
  return { json: `${base}.json`, html: `${base}.html` };
}
