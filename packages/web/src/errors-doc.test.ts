import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes, TcccDialerError, type TcccDialerErrorCode } from './errors.js';

// docs/errors.md is what integrators read; this fails when it and the catalog drift apart.
describe('docs/errors.md web section', () => {
  it('lists exactly the codes the library raises, with the same zh-CN/en-US messages and remedies', () => {
    const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    const section = doc.split('<!-- web-codes:start -->')[1]?.split('<!-- web-codes:end -->')[0] ?? '';
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) =>
        l.split(' | ').map((c) =>
          c
            .replace(/^\| |\|$/g, '')
            .trim()
            .replace(/^`|`$/g, ''),
        ),
      );
    expect(rows.map((r) => r[0])).toEqual(errorCodes);
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
