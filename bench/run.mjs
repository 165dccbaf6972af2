#!/usr/bin/env node
// `npm run bench`: runs every benchmark in this folder and prints each figure beside its reference,
// all measured in this run. A benchmark module exports `run()` returning rows
// `{ name, value, unit, reference?, target?, ok? }`.
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

// Run as a child: one benchmark module, its rows sent back to the parent.
if (process.env.BENCH_ONE) {
  let rows;
  try {
    const mod = await import(pathToFileURL(`${here}${process.env.BENCH_ONE}`).href);
    rows = await mod.run();
  } catch (error) {
    rows = [{ name: 'error', value: String(error?.message ?? error), ok: false }];
  }
  // Reported: whatever the benchmark left open (a server still closing) does not hold the run.
  process.send({ rows }, () => process.exit(0));
} else {
  await runAll();
}

/**
 * Each benchmark in a process of its own: what one leaves behind (a large heap, a child server
 * still exiting, sockets closing) must not land on the next one's figures.
 */
function runOne(file) {
  return new Promise((resolve) => {
    let answer;
    const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_ONE: file } });
    child.on('message', (m) => (answer = m));
    child.on('exit', (code, signal) =>
      resolve(
        answer?.rows ?? [
          { name: 'error', value: `exited with ${signal ?? code} before reporting`, ok: false },
        ],
      ),
    );
  });
}

async function runAll() {
  const only = process.argv.slice(2);
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const rows = [];
  for (const file of files) {
    const source = readFileSync(`${here}${file}`, 'utf8');
    if (!/^export (async )?function run\(/m.test(source)) continue;
    process.stdout.write(`bench ${file} ...\n`);
    for (const row of await runOne(file)) rows.push({ bench: file.replace(/\.mjs$/, ''), ...row });
  }
  print(rows);
}

function print(rows) {
  const fmt = (v) =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v ?? '');
  const table = rows.map((r) => [
    r.bench,
    r.name,
    `${fmt(r.value)} ${r.unit ?? ''}`.trim(),
    r.reference ?? '',
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
  ]);
  const head = ['bench', 'figure', 'measured', 'reference (same run)', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const t of table) console.log(line(t));
  if (rows.some((r) => r.ok === false)) process.exitCode = 1;
}
