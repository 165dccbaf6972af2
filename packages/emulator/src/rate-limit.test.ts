import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('holds at most N accepted requests in any 1,000 ms span, per account and action', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    const allow = () => limiter.allow('AKID1', 'DescribeTelCdr');
    expect([allow(), allow(), allow(), allow()]).toEqual([true, true, true, false]);
    expect(limiter.allow('AKID1', 'DescribeNumbers')).toBe(true);
    expect(limiter.allow('AKID2', 'DescribeTelCdr')).toBe(true);
    now = 999;
    expect(allow()).toBe(false);
    now = 1000; // the first three left the window; the refused ones never counted
    expect([allow(), allow(), allow(), allow()]).toEqual([true, true, true, false]);
  });
});
