import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TcccDialerError, type TcccDialerErrorCode } from './errors.js';

const codes: TcccDialerErrorCode[] = [
  'INVALID_ARGUMENT',
  'INVALID_STATE',
  'SDK_URL_FETCH_FAILED',
  'SDK_LOAD_FAILED',
  'SDK_GLOBAL_MISSING',
  'SDK_LOAD_TIMEOUT',
  'SDK_LOAD_ABORTED',
  'SDK_TOKEN_EXPIRED',
  'CALL_FAILED',
  'CALL_ACTION_FAILED',
  'UNAUTHENTICATED',
];

describe('docs/errors.md web section', () => {
  it('lists exactly the codes the library raises, with the same texts', () => {
    const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    const section = doc.split('<!-- web-codes:start -->')[1]?.split('<!-- web-codes:end -->')[0] ?? '';
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split('|').map((c) => c.trim().replace(/`/g, '')));
    expect(rows.map((r) => r[1]).sort()).toEqual([...codes].sort());
    for (const r of rows) {
      const e = new TcccDialerError(r[1] as TcccDialerErrorCode);
      expect([e.messages['zh-CN'], e.messages['en-US'], e.remedies['en-US']]).toEqual([r[2], r[3], r[4]]);
    }
  });
});
