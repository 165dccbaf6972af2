import type { Kysely } from 'kysely';
import type { AppliedRule } from '../api-types.js';
import type { Database } from '../db/schema.js';
import {
  type CallingHours,
  clockText,
  localTime,
  startOfLocalDay,
  startOfLocalWeek,
  withinCallingHours,
} from './calling-hours.js';

export type { AppliedRule, RefusalCode } from '../api-types.js';

export interface ComplianceRules {
  hours?: CallingHours;
  capPerDay?: number;
  capPerWeek?: number;
  /** At most `cap` calls within the last `windowMs` (the dial pad's 3 in 5 minutes). */
  burst?: { cap: number; windowMs: number };
  /**
   * Count only what TCCC confirmed (number mapping on): CDR-backed calls, or permits TCCC consumed
   * through UIDToPhone, whichever is more; rows a browser created never count.
   */
  confirmedOnly?: boolean;
}

export type ComplianceVerdict = { allowed: true } | { allowed: false; rule: AppliedRule };

/** Outbound calls to `phone` since `from`, as the call records hold them (browser, push and sync merged). */
export async function countCalls(db: Kysely<Database>, phone: string, from: number): Promise<number> {
  const row = await db
    .selectFrom('calls')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('phone', '=', phone)
    .where('direction', '=', 'outbound')
    .where('started_at', '>=', from)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Checks one number against the do-not-call list, the calling hours and the frequency caps, in that
 * order (the first rule that refuses is the one the agent sees). Caps count the call records the
 * server holds, never what a browser says it did; a permit is not a call, so two permits asked for
 * the same number in the same instant can both pass (a list entry is held by one agent at a time).
 */
export async function checkCompliance(
  db: Kysely<Database>,
  phone: string,
  rules: ComplianceRules,
  now: number,
): Promise<ComplianceVerdict> {
  const dnc = await db.selectFrom('dnc_numbers').selectAll().where('phone', '=', phone).executeTakeFirst();
  if (dnc !== undefined) {
    return {
      allowed: false,
      rule: { code: 'DNC_LISTED', reason: dnc.reason, addedAt: new Date(dnc.added_at).toISOString() },
    };
  }
  const hours = rules.hours;
  const outside = hours === undefined ? undefined : hoursRefusal(now, hours);
  if (outside !== undefined) return { allowed: false, rule: outside };
  const timeZone = hours?.timeZone ?? 'Asia/Shanghai';
  const windowMs = rules.burst?.windowMs ?? 0;
  const caps = [
    { period: 'window' as const, cap: rules.burst?.cap ?? 0, from: () => now - windowMs },
    { period: 'day' as const, cap: rules.capPerDay ?? 0, from: () => startOfLocalDay(now, timeZone) },
    { period: 'week' as const, cap: rules.capPerWeek ?? 0, from: () => startOfLocalWeek(now, timeZone) },
  ];
  const count = rules.confirmedOnly === true ? countConfirmedCalls : countCalls;
  for (const { period, cap, from } of caps) {
    if (cap <= 0) continue;
    const calls = await count(db, phone, from());
    if (calls >= cap) {
      const window = period === 'window' ? { windowSeconds: windowMs / 1000 } : {};
      return {
        allowed: false,
        rule: { code: 'FREQUENCY_CAP_REACHED', period, cap, calls, timeZone, ...window },
      };
    }
  }
  return { allowed: true };
}

/**
 * Outbound calls to `phone` since `from` that TCCC confirmed: CDR-backed call records, or permits
 * TCCC consumed through UIDToPhone (a dial it placed whose CDR has not arrived yet), whichever is
 * more. Each is TCCC's word; the larger never counts one call twice.
 */
export async function countConfirmedCalls(
  db: Kysely<Database>,
  phone: string,
  from: number,
): Promise<number> {
  const cdrs = await db
    .selectFrom('calls')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('phone', '=', phone)
    .where('direction', '=', 'outbound')
    .where('has_cdr', '=', 1)
    .where('started_at', '>=', from)
    .executeTakeFirst();
  const dialled = await db
    .selectFrom('dial_permits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('phone', '=', phone)
    .where('used_at', 'is not', null)
    .where('used_at', '>=', from)
    .executeTakeFirst();
  return Math.max(Number(cdrs?.n ?? 0), Number(dialled?.n ?? 0));
}

/** The calling-hours rule when `now` is outside them, with the local time the agent should compare. */
export function hoursRefusal(now: number, hours: CallingHours): AppliedRule | undefined {
  if (withinCallingHours(now, hours)) return undefined;
  const local = localTime(now, hours.timeZone).minutes;
  return {
    code: 'OUTSIDE_CALLING_HOURS',
    timeZone: hours.timeZone,
    start: clockText(hours.start),
    end: clockText(hours.end),
    localTime: clockText(local),
  };
}
