import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { messages, serverErrorStatus } from './errors.js';

function serverRows(): string[][] {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const section = doc.split('<!-- server-codes:start -->')[1]?.split('<!-- server-codes:end -->')[0] ?? '';
  return section
    .split('\n')
    .filter((l) => /^\|\s*[A-Z_]+\s*\|/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()));
}

it('docs/errors.md lists exactly the server codes with their HTTP status', () => {
  const rows = serverRows().map((c) => [c[1], Number(c[2])] as const);
  expect(Object.fromEntries(rows)).toEqual(serverErrorStatus);
});

it('docs/errors.md shows the same zh-CN and en-US messages the server sends', () => {
  const rows = serverRows().map((c) => [c[1], { 'zh-CN': c[3], 'en-US': c[4] }] as const);
  expect(Object.fromEntries(rows)).toEqual(messages);
});
