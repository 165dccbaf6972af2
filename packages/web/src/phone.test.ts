import { phoneTable } from '@tccc-dialer/test-support';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';

describe('normalizePhone (@tccc-dialer/web/phone)', () => {
  it.each([
    ['138 0013 8000', '13800138000', 'MOBILE'],
    ['+86 138-0013-8000', '13800138000', 'MOBILE'],
    ['008613800138000', '13800138000', 'MOBILE'],
    ['021-6000 0000', '02160000000', 'FIXED_LINE'],
    ['(0755) 1234 5678', '075512345678', 'FIXED_LINE'],
    ['400 123 4567', '4001234567', 'SHARED_COST'],
    ['800-123-4567', '8001234567', 'TOLL_FREE'],
    ['95588', '95588', 'SERVICE'],
  ])('%s → %s (%s), the form TCCC dials', (input, national, type) => {
    expect(normalizePhone(input)).toMatchObject({ valid: true, national, type });
  });

  it('keeps E.164 for numbers outside China', () => {
    expect(normalizePhone('+44 20 7946 0958')).toMatchObject({
      valid: true,
      national: '+442079460958',
      e164: '+442079460958',
    });
  });

  it.each([
    ['', 'EMPTY'],
    ['call me', 'NOT_A_NUMBER'],
    ['6000 0000', 'MISSING_AREA_CODE'],
    ['123', 'TOO_SHORT'],
    ['1380013800', 'INVALID_FOR_REGION'],
    ['0216000', 'INVALID_FOR_REGION'],
  ])('%j is refused: %s, with a reason in both languages', (input, reason) => {
    const r = normalizePhone(input);
    expect(r).toMatchObject({ valid: false, reason });
    expect(r.valid || (r.message['zh-CN'] && r.message['en-US'])).toBeTruthy();
  });
});

describe('the shared phone table (the server and the emulator test the same numbers)', () => {
  it.each(phoneTable.map((c) => [c.written, c.national, c.type] as const))(
    '%s dials as %s (%s)',
    (written, national, type) => {
      expect(normalizePhone(written)).toMatchObject({ valid: true, national, type });
    },
  );
});
