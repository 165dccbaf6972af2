// The load report's reference for quota-bound routes: the wait TCCC's per-second quota alone forces on
// the requests as they arrived, which the product's own latency is measured beyond.
import { describe, expect, it } from 'vitest';
import { createRecorder, quotaWaits, unexpectedErrors } from '../bench/loadtest-report.mjs';

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

describe('errors in a run with faults', () => {
  const faults = [
    { from: 15, to: 20 },
    { from: 25, to: 30 },
  ];
  const error = (at: number, status = 503, code = 'STORE_UNAVAILABLE') => ({
    route: 'GET /api/calls',
    status,
    code,
    at,
  });

  it('expects the coded 503s of an outage, until 10 s after it or the next fault', () => {
    const seen = [error(15), error(24.9), error(25), error(39.9, 503, 'COORDINATION_UNAVAILABLE')];
    expect(unexpectedErrors(seen, faults)).toEqual([]);
  });

  it('counts any other error, and a coded 503 outside every window, against the run', () => {
    const other = [
      error(14.9),
      error(40),
      error(16, 503, 'UNCODED'),
      error(16, 500, 'INTERNAL'),
      error(16, 0, 'ECONNREFUSED'),
      error(17, 401, 'UNAUTHENTICATED'),
    ];
    expect(unexpectedErrors(other, faults)).toEqual(other);
    expect(unexpectedErrors([error(20)], [])).toHaveLength(1);
  });
});
