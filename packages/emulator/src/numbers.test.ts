import { phoneTable } from '@tccc-dialer/test-support';
import { describe, expect, it } from 'vitest';
import { nationalNumber, withCountryPrefix } from './numbers.js';

describe('phone numbers', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['+86 21 6000 0000', '02160000000'],
    ['00862160000000', '02160000000'],
    ['4001234567', '4001234567'],
    ['+864001234567', '4001234567'],
  ])('reads %s as the national number %s', (raw, national) => {
    expect(nationalNumber(raw)).toBe(national);
  });

  it.each([
    ['13800138000', '008613800138000'],
    ['02160000000', '00862160000000'],
    ['+8613800138000', '008613800138000'],
    ['4001234567', '00864001234567'],
  ])('writes %s as TCCC does in CDRs: %s', (raw, prefixed) => {
    expect(withCountryPrefix(raw)).toBe(prefixed);
  });
});

describe('the shared phone table (the server and the web library test the same numbers)', () => {
  it.each(phoneTable.map((c) => [c.written, c.national, c.cdr] as const))(
    '%s is %s, and %s in a CDR',
    (written, national, cdr) => {
      expect(nationalNumber(written)).toBe(national);
      expect(nationalNumber(cdr)).toBe(national);
      expect(withCountryPrefix(written)).toBe(cdr);
    },
  );
});
