import { describe, expect, it } from 'vitest';
import { startOfLocalDay, startOfLocalWeek, withinCallingHours } from './calling-hours.js';
import { hoursRefusal } from './compliance.js';

const at = (iso: string) => Date.parse(iso);
const shanghai = { timeZone: 'Asia/Shanghai', start: 8 * 60, end: 21 * 60 };
const newYork = { timeZone: 'America/New_York', start: 8 * 60, end: 21 * 60 };
const berlin = { timeZone: 'Europe/Berlin', start: 8 * 60, end: 21 * 60 };

describe('calling hours', () => {
  it('opens at 08:00 and closes at 21:00 local time, to the minute', () => {
    // 08:00 in Shanghai is 00:00 UTC.
    expect(withinCallingHours(at('2026-03-09T23:59:59Z'), shanghai)).toBe(false);
    expect(withinCallingHours(at('2026-03-10T00:00:00Z'), shanghai)).toBe(true);
    expect(withinCallingHours(at('2026-03-10T12:59:59Z'), shanghai)).toBe(true);
    expect(withinCallingHours(at('2026-03-10T13:00:00Z'), shanghai)).toBe(false);
  });

  it('reads one instant in each list’s own zone', () => {
    // 13:30 UTC: 21:30 in Shanghai (closed), 09:30 in New York (open, EDT).
    const instant = at('2026-06-01T13:30:00Z');
    expect(withinCallingHours(instant, shanghai)).toBe(false);
    expect(withinCallingHours(instant, newYork)).toBe(true);
    expect(hoursRefusal(instant, shanghai)).toEqual({
      code: 'OUTSIDE_CALLING_HOURS',
      timeZone: 'Asia/Shanghai',
      start: '08:00',
      end: '21:00',
      localTime: '21:30',
    });
  });

  it('follows New York across the spring and autumn clock changes', () => {
    // 2026-03-08 clocks go 02:00 → 03:00 (EST → EDT): 08:00 local is 12:00 UTC before, 12:00 after.
    expect(withinCallingHours(at('2026-03-07T12:59:00Z'), newYork)).toBe(false); // 07:59 EST
    expect(withinCallingHours(at('2026-03-07T13:00:00Z'), newYork)).toBe(true); // 08:00 EST
    expect(withinCallingHours(at('2026-03-08T11:59:00Z'), newYork)).toBe(false); // 07:59 EDT
    expect(withinCallingHours(at('2026-03-08T12:00:00Z'), newYork)).toBe(true); // 08:00 EDT
    // 2026-11-01 clocks go back: 21:00 local is 01:00 UTC the next day before, 02:00 after.
    expect(withinCallingHours(at('2026-11-01T00:59:00Z'), newYork)).toBe(true); // Oct 31 20:59 EDT
    expect(withinCallingHours(at('2026-11-01T01:00:00Z'), newYork)).toBe(false); // 21:00 EDT
    expect(withinCallingHours(at('2026-11-02T01:59:00Z'), newYork)).toBe(true); // Nov 1 20:59 EST
    expect(withinCallingHours(at('2026-11-02T02:00:00Z'), newYork)).toBe(false); // 21:00 EST
  });

  it('follows Berlin’s change on its own date, not America’s', () => {
    // 2026-03-15: New York is already on summer time, Berlin (changes 03-29) is not: 08:00 CET = 07:00 UTC.
    expect(withinCallingHours(at('2026-03-15T06:59:00Z'), berlin)).toBe(false);
    expect(withinCallingHours(at('2026-03-15T07:00:00Z'), berlin)).toBe(true);
    // After 03-29 (CEST): 08:00 local = 06:00 UTC.
    expect(withinCallingHours(at('2026-03-30T06:00:00Z'), berlin)).toBe(true);
  });

  it('finds local midnight and Monday on days 23 and 25 hours long', () => {
    // The spring-forward day in New York began at 05:00 UTC (EST); the next day at 04:00 UTC (EDT).
    expect(startOfLocalDay(at('2026-03-08T20:00:00Z'), 'America/New_York')).toBe(at('2026-03-08T05:00:00Z'));
    expect(startOfLocalDay(at('2026-03-09T03:59:00Z'), 'America/New_York')).toBe(at('2026-03-08T05:00:00Z'));
    expect(startOfLocalDay(at('2026-11-01T23:00:00Z'), 'America/New_York')).toBe(at('2026-11-01T04:00:00Z'));
    expect(startOfLocalDay(at('2026-03-10T15:59:00Z'), 'Asia/Shanghai')).toBe(at('2026-03-09T16:00:00Z'));
    // Wednesday 2026-03-11 in New York: its week began Monday 03-09 00:00 EDT, after the change.
    expect(startOfLocalWeek(at('2026-03-11T15:00:00Z'), 'America/New_York')).toBe(at('2026-03-09T04:00:00Z'));
    // Tuesday 2026-03-10: the week began Monday 03-09 — a Sunday change (03-08) lies before it.
    expect(startOfLocalWeek(at('2026-03-09T12:00:00Z'), 'America/New_York')).toBe(at('2026-03-09T04:00:00Z'));
    // Wednesday 2026-11-04: Monday 11-02 00:00 EST.
    expect(startOfLocalWeek(at('2026-11-04T15:00:00Z'), 'America/New_York')).toBe(at('2026-11-02T05:00:00Z'));
  });
});
