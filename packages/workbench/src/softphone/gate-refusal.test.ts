import { gateCodes } from '@tccc-dialer/server/api';
import { describe, expect, it } from 'vitest';
import { gateProblem } from './gate-refusal.js';

describe('gateProblem', () => {
  it('reads the rule from the Code in the SDK words', () => {
    expect(gateProblem('Number mapping refused the user ID (Code 1003).')).toMatchObject({
      code: 'PERMIT_EXPIRED',
      message: { 'en-US': 'Not dialled: the dial permit expired', 'zh-CN': '未拨出：拨号许可已过期' },
      remedy: { 'en-US': 'Dial again' },
    });
  });
  it('has words for every code of the mapping endpoint', () => {
    for (const [refusal, code] of Object.entries(gateCodes)) {
      const p = gateProblem(`refused (Code ${code})`);
      expect(p?.code).toBe(refusal);
      expect(p?.message['zh-CN']).not.toBe(p?.message['en-US']);
    }
  });
  it('leaves other words alone', () => {
    expect(gateProblem('Call failed (Code 42)')).toBeUndefined();
    expect(gateProblem('network down')).toBeUndefined();
    expect(gateProblem(undefined)).toBeUndefined();
  });
});
