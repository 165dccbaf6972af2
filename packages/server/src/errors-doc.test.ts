import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { serverErrorStatus } from './errors.js';

it('docs/errors.md lists exactly the server codes with their HTTP status', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const section = doc.split('<!-- server-codes:start -->')[1]?.split('<!-- server-codes:end -->')[0] ?? '';
  const rows = section
    .split('\n')
    .filter((l) => /^\|\s*[A-Z_]+\s*\|/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map((c) => [c[1], Number(c[2])] as const);
  expect(Object.fromEntries(rows)).toEqual(serverErrorStatus);
});
