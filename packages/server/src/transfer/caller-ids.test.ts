import { expect, it } from 'vitest';
import { landlineAreaCode, localCallerId } from '../api/area-codes.js';
import { useEmulatorUpstream } from '../test-support/emulator-upstream.js';
import { listCallerIds } from './caller-ids.js';

const tccc = useEmulatorUpstream();

it("lists the account's numbers from DescribeNumbers with their area codes", async () => {
  const { numbers } = await listCallerIds(tccc.upstream, tccc.emulator.config.sdkAppId);
  expect(numbers).toContainEqual({ number: '02160000000', areaCode: '021' });
  expect(numbers).toContainEqual({ number: '01060000000', areaCode: '010' });
  expect(numbers.find((n) => n.number.startsWith('1'))?.areaCode).toBeNull();
});

it('picks the Shanghai number for a 021 landline, and none where the area is unknown', () => {
  const numbers = ['4001234567', '01060000000', '02160000000', '18600000000'];
  expect(localCallerId('02161234567', numbers)).toBe('02160000000');
  expect(localCallerId('01087654321', numbers)).toBe('01060000000');
  expect(localCallerId('057188886666', numbers)).toBeUndefined();
  expect(localCallerId('13800138000', numbers)).toBeUndefined();
  expect(landlineAreaCode('057188886666')).toBe('0571');
  expect(landlineAreaCode('4001234567')).toBeUndefined();
});
