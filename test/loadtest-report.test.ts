// The load report's reference for quota-bound routes: the wait TCCC's per-second quota alone forces on
// the requests as they arrived, which the product's own latency is measured beyond.
import { describe, expect, it } from 'vitest';
import { createRecorder, quotaWaits } from '../bench/loadtest-report.mjs';

describe('quota floor', () => {
  it('lets a quota’s worth through at once and holds the rest a second per slot', () => {
    const waits = quotaWaits(Array(45).fill(0), 20);
    expect(waits.filter((w) => w === 0)).toHaveLength(20);
    expect(waits.filter((w) => w === 1000)).toHaveLength(20);
    expect(waits.filter((w) => w === 2000)).toHaveLength(5);
  });

  it('forces no wait on requests that arrive slower than the quota, in any order', () => {
    const starts = Array.from({ length: 100 }, (_, i) => i * 60).reverse();
    expect(quotaWaits(starts, 20).every((w) => w === 0)).toBe(true);
  });

  it('counts what a request took beyond that wait as the product’s', () => {
    const recorder = createRecorder(0);
    // 21 requests at once: the 21st must wait a second for TCCC; it took 1,030 ms in all.
    for (let i = 0; i < 20; i++) recorder.record('mint', 12, 0);
    recorder.record('mint', 1030, 0);
    const { mint } = recorder.beyondQuota(['mint'], 20);
    expect(mint?.quotaWait.max).toBe(1000);
    expect(mint?.added.max).toBe(30);
    expect(mint?.added.p50).toBe(12);
  });
});
