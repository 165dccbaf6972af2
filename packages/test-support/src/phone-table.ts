/**
 * Numbers as people and TCCC write them, and what every side must make of them: the national form
 * the product stores, searches and dials, and the `0086…` form TCCC's CDRs use. The server, the web
 * library and the emulator each test their own phone module against this one table.
 */
export interface PhoneCase {
  written: string;
  /** What is stored and dialled. */
  national: string;
  /** As TCCC's CDRs and number-mapping answers write it: 0086 + the number without its trunk 0. */
  cdr: string;
  /** The kind libphonenumber gives (the web library's `type`). */
  type: 'MOBILE' | 'FIXED_LINE' | 'SERVICE' | 'SHARED_COST' | 'TOLL_FREE';
}

export const phoneTable: readonly PhoneCase[] = [
  { written: '13800138000', national: '13800138000', cdr: '008613800138000', type: 'MOBILE' },
  { written: '138 0013 8000', national: '13800138000', cdr: '008613800138000', type: 'MOBILE' },
  { written: '+86 138-0013-8000', national: '13800138000', cdr: '008613800138000', type: 'MOBILE' },
  { written: '008613800138000', national: '13800138000', cdr: '008613800138000', type: 'MOBILE' },
  { written: '021-6000 0000', national: '02160000000', cdr: '00862160000000', type: 'FIXED_LINE' },
  { written: '+86 21 6000 0000', national: '02160000000', cdr: '00862160000000', type: 'FIXED_LINE' },
  { written: '00862160000000', national: '02160000000', cdr: '00862160000000', type: 'FIXED_LINE' },
  { written: '(0755) 1234 5678', national: '075512345678', cdr: '008675512345678', type: 'FIXED_LINE' },
  { written: '010-8888 6666', national: '01088886666', cdr: '00861088886666', type: 'FIXED_LINE' },
  { written: '400 123 4567', national: '4001234567', cdr: '00864001234567', type: 'SHARED_COST' },
  { written: '+864001234567', national: '4001234567', cdr: '00864001234567', type: 'SHARED_COST' },
  { written: '800-123-4567', national: '8001234567', cdr: '00868001234567', type: 'TOLL_FREE' },
  { written: '95588', national: '95588', cdr: '008695588', type: 'SERVICE' },
  { written: '+8695588', national: '95588', cdr: '008695588', type: 'SERVICE' },
  { written: '0086 95588', national: '95588', cdr: '008695588', type: 'SERVICE' },
];
