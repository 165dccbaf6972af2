import { outcomeByEndStatus } from '@tccc-dialer/server/api';
import { expect, it } from 'vitest';
import { endOutcome } from './end-outcome.js';

it('reads the SDK’s end reason as the outcome an agent understands', () => {
  expect(endOutcome({ answered: true, reason: 'busy' })).toBe('answered');
  expect(endOutcome({ answered: false, reason: 'busy' })).toBe('busy');
  expect(endOutcome({ answered: false, reason: 'notAnswer / timeout' })).toBe('noAnswer');
  expect(endOutcome({ answered: false, reason: 'ringingGiveUp' })).toBe('missed');
  expect(endOutcome({ answered: false, reason: 'powerOff' })).toBe('powerOff');
  expect(endOutcome({ answered: false })).toBe('callerCancelled');
  expect(endOutcome({ answered: false, reason: 'somethingNew' })).toBe('unknown');
  expect(endOutcome({ answered: false, reason: 'constructor' })).toBe('unknown');
});

it('shows at hang-up the outcome history will show from the CDR, for every end reason TCCC names', () => {
  // outOfCredit used to read "not in service" at hang-up and "failed" in history.
  expect(endOutcome({ answered: false, reason: 'outOfCredit' })).toBe('failed');
  for (const [reason, outcome] of Object.entries(outcomeByEndStatus)) {
    expect(endOutcome({ answered: false, reason }), reason).toBe(outcome);
  }
});
