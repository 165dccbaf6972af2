import { phoneTable } from '@tccc-dialer/test-support';
import { describe, expect, it } from 'vitest';
import { normalisePhone, validatePhone } from './phone.js';

describe('the shared phone table (the web library and the emulator test the same numbers)', () => {
  it.each(phoneTable.map((c) => [c.written, c.national, c.cdr] as const))(
    '%s is stored as %s, and so is its CDR form %s',
    (written, national, cdr) => {
      expect(validatePhone(written)).toMatchObject({ valid: true, national });
      expect(normalisePhone(written)).toBe(national);
      expect(normalisePhone(cdr)).toBe(national);
    },
  );
});
