/**
 * Wall-clock arithmetic in a list's IANA time zone. `Intl` knows each zone's offsets and DST rules, so
 * a call at 08:30 local time is allowed on both sides of a clock change without storing any offset.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** Minutes after local midnight. */
  minutes: number;
  seconds: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    seconds: Number(parts.second),
    weekday: weekdays.indexOf(parts.weekday ?? ''),
  };
}

export interface CallingHours {
  timeZone: string;
  /** Minutes after local midnight; a call may start at `start` and up to (not at) `end`. */
  start: number;
  end: number;
}

export const defaultCallingHours = { start: 8 * 60, end: 21 * 60 } as const;

export function withinCallingHours(at: number, hours: CallingHours): boolean {
  const { minutes } = localTime(at, hours.timeZone);
  return minutes >= hours.start && minutes < hours.end;
}

/** `08:00`-style text of minutes after midnight, for refusals a person reads. */
export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The instant local midnight began on the day of `at` (in `timeZone`). Found by stepping back the
 * local time of day, then correcting once for a DST change inside that span.
 */
export function startOfLocalDay(at: number, timeZone: string): number {
  const t = localTime(at, timeZone);
  let guess = at - (t.minutes * 60 + t.seconds) * 1000 - (at % 1000);
  // Across a clock change the stepped-back instant is an hour off midnight: correct by what it reads.
  for (let i = 0; i < 2; i++) {
    const g = localTime(guess, timeZone);
    if (g.minutes === 0 && g.seconds === 0 && g.day === t.day) break;
    const sameDay = g.day === t.day;
    const offsetMinutes = sameDay ? g.minutes : g.minutes - 24 * 60;
    guess -= offsetMinutes * 60_000 + g.seconds * 1000;
  }
  return guess;
}

/** The instant local Monday 00:00 began, in the week of `at`. */
export function startOfLocalWeek(at: number, timeZone: string): number {
  let day = startOfLocalDay(at, timeZone);
  const back = localTime(at, timeZone).weekday;
  // One day at a time: a local day is 23, 24 or 25 hours long.
  for (let i = 0; i < back; i++) day = startOfLocalDay(day - 1, timeZone);
  return day;
}
