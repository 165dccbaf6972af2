import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { devicesErrorTexts } from './devices-errors.js';
import { coreErrorTexts, type ErrorText, TcccDialerError, type TcccDialerErrorCode } from './errors.js';
import { guardsErrorTexts } from './guards-errors.js';
import { phoneRejections } from './phone.js';
import { precallErrorTexts } from './precall-errors.js';

// docs/errors.md is what integrators read; this fails when it and the code drift apart. The web
// section holds one table per entry, in this order: core, ./precall, ./devices, ./guards, ./phone.
function docTables(): string[][][] {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const section = doc.split('<!-- web-codes:start -->')[1]?.split('<!-- web-codes:end -->')[0] ?? '';
  return section
    .split('\n\n')
    .map((block) =>
      block
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .map((l) =>
          l.split(' | ').map((c) =>
            c
              .replace(/^\| |\|$/g, '')
              .trim()
              .replace(/^`|`$/g, ''),
          ),
        ),
    )
    .filter((rows) => rows.length > 0);
}

/** What a TcccDialerError built from each documented code says, beside what the doc says. */
function compare(rows: string[][], texts: Record<string, ErrorText>): void {
  expect(rows.map((r) => r[0])).toEqual(Object.keys(texts));
  for (const [code, zh, en, zhRemedy, enRemedy] of rows) {
    const e = new TcccDialerError(code as TcccDialerErrorCode);
    expect({ code, zh, en, zhRemedy, enRemedy }).toEqual({
      code,
      zh: e.messages['zh-CN'],
      en: e.messages['en-US'],
      zhRemedy: e.remedies['zh-CN'],
      enRemedy: e.remedies['en-US'],
    });
  }
}

describe('docs/errors.md web section', () => {
  it('has one table per entry: core, ./precall, ./devices, ./guards and ./phone', () => {
    expect(docTables()).toHaveLength(5);
  });

  it('lists exactly the core entry’s codes, with the same zh-CN/en-US messages and remedies', () => {
    compare(docTables()[0] ?? [], coreErrorTexts);
  });

  it('lists exactly the ./precall entry’s codes, with the same zh-CN/en-US messages and remedies', () => {
    compare(docTables()[1] ?? [], precallErrorTexts);
  });

  it('lists exactly the ./devices entry’s codes, with the same zh-CN/en-US messages and remedies', () => {
    compare(docTables()[2] ?? [], devicesErrorTexts);
  });

  it('lists exactly the ./guards entry’s codes, with the same zh-CN/en-US messages and remedies', () => {
    compare(docTables()[3] ?? [], guardsErrorTexts);
  });

  it('lists exactly the ./phone entry’s refusal reasons, with the same zh-CN/en-US messages', () => {
    const rows = docTables()[4] ?? [];
    expect(rows).toEqual(
      Object.entries(phoneRejections).map(([reason, m]) => [reason, m['zh-CN'], m['en-US']]),
    );
  });

  it('every error carries its code, cause and both languages', () => {
    const cause = new Error('boom');
    const e = new TcccDialerError('SDK_LOAD_FAILED', 'https://sdk.example/tccc.js', { cause });
    expect(e).toMatchObject({ name: 'TcccDialerError', code: 'SDK_LOAD_FAILED', cause });
    expect(e.message).toBe('The SDK failed to load: https://sdk.example/tccc.js');
    expect(e.messages['zh-CN']).toBe('SDK 加载失败');
    expect(e.remedies['en-US']).toMatch(/firewall/);
  });
});
