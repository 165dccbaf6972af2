import { describe, expect, it } from 'vitest';
import { normalisePhone } from '../phone/phone.js';
import { cdrFields, pushCdrSchema } from './cdr.js';
import { outcomeKeys, outcomeLabels, outcomeOf } from './outcome.js';

describe('EndStatus to outcome', () => {
  it.each([
    [1, 'ok', 'answered'],
    [206, 'busy', 'busy'],
    [202, 'notAnswer', 'noAnswer'],
    [203, 'userReject', 'rejected'],
    [204, 'powerOff', 'powerOff'],
    [205, 'numberNotExist', 'numberNotExist'],
    [210, 'notInService', 'notInService'],
    [209, 'callerCancel', 'callerCancelled'],
    [221, 'callerCancelWithoutRing', 'callerCancelled'],
    [108, 'restrictedCallee', 'blocked'],
    [212, 'carrierBlocked', 'blocked'],
    [207, 'outOfCredit', 'failed'],
    [222, 'voiceMailReached', 'noAnswer'],
  ] as const)('%i %s → %s, from the code alone or the string alone', (code, text, outcome) => {
    expect(outcomeOf(code, text)).toBe(outcome);
    expect(outcomeOf(code, null)).toBe(outcome);
    expect(outcomeOf(null, text)).toBe(outcome);
  });

  it('keeps unknown codes as unknown rather than guessing', () => {
    expect(outcomeOf(999, 'somethingNew')).toBe('unknown');
    expect(outcomeOf(null, null)).toBe('unknown');
  });

  it('has a Chinese and an English label for every outcome', () => {
    for (const key of outcomeKeys) {
      expect(outcomeLabels[key]['zh-CN']).toMatch(/\S/);
      expect(outcomeLabels[key]['en-US']).toMatch(/\S/);
    }
  });

  it('derives the code a push leaves out, so push and sync agree', () => {
    const fields = cdrFields(
      pushCdrSchema.parse({ SessionId: 'x', EndStatusString: 'busy', EndedTimestamp: 5 }),
    );
    expect(fields).toMatchObject({ endStatus: 206, endStatusString: 'busy', outcome: 'busy' });
  });
});

describe('phone numbers', () => {
  it.each([
    ['008613800138000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['13800138000', '13800138000'],
    ['00862160000000', '02160000000'],
    ['+86 21 6000 0000', '02160000000'],
    ['00864001234567', '4001234567'],
    ['02160000000', '02160000000'],
    ['4001234567', '4001234567'],
  ])('%s is stored as %s', (raw, stored) => {
    expect(normalisePhone(raw)).toBe(stored);
  });
});
