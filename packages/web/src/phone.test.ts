import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it('normalises CN mobiles, landlines and service numbers to the national form TCCC dials', () => {
    expect(normalizePhone('+86 138 0013 8000')).toMatchObject({ valid: true, national: '13800138000' });
    expect(normalizePhone('021-6000 0000')).toMatchObject({ valid: true, national: '02160000000' });
    expect(normalizePhone('4001234567')).toMatchObject({ valid: true, national: '4001234567' });
  });
  it('gives a reason for what it refuses', () => {
    expect(normalizePhone('')).toEqual({ valid: false, reason: 'EMPTY' });
    expect(normalizePhone('abc')).toEqual({ valid: false, reason: 'NOT_A_NUMBER' });
    expect(normalizePhone('123')).toEqual({ valid: false, reason: 'INVALID_FOR_REGION' });
  });
});
