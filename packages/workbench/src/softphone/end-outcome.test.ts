import { expect, it } from 'vitest';
import { endOutcome } from './end-outcome.js';

it('reads the SDK’s end reason as the outcome an agent understands', () => {
  expect(endOutcome({ answered: true, reason: 'busy' })).toBe('answered');
  expect(endOutcome({ answered: false, reason: 'busy' })).toBe('busy');
  expect(endOutcome({ answered: false, reason: 'notAnswer / timeout' })).toBe('noAnswer');
  expect(endOutcome({ answered: false, reason: 'powerOff' })).toBe('powerOff');
  expect(endOutcome({ answered: false })).toBe('callerCancelled');
  expect(endOutcome({ answered: false, reason: 'somethingNew' })).toBe('unknown');
});
