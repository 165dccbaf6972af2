#!/usr/bin/env node
// `npm run bench`: runs every benchmark in this folder and prints each figure beside its reference,
// all measured in this run. A benchmark module exports `run()` returning rows
// `{ name, value, unit, reference?, target?, ok? }`.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows = [];
let failed = false;
for (const file of files) {
  const mod = await import(pathToFileURL(`${here}${file}`).href);
  if (typeof mod.run !== 'function') continue;
  process.stdout.write(`bench ${file} ...\n`);
  try {
    for (const row of await mod.run()) rows.push({ bench: file.replace(/\.mjs$/, ''), ...row });
  } catch (error) {
    failed = true;
    rows.push({ bench: file.replace(/\.mjs$/, ''), name: 'error', value: String(error?.message ?? error) });
  }
}

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
if (failed || rows.some((r) => r.ok === false)) process.exitCode = 1;
