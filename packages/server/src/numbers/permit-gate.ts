import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { customerIdPattern } from './customer-id.js';
import type { GateRefusal } from './gate-codes.js';

export type { GateRefusal } from './gate-codes.js';
export { gateCodes } from './gate-codes.js';

export type GateVerdict =
  | { ok: true; phone: string; permitId: string; agent: string }
  | { ok: false; reason: GateRefusal; permitId?: string; agent?: string };

const refusals = new Set<string>(['DNC_LISTED', 'OUTSIDE_CALLING_HOURS', 'FREQUENCY_CAP_REACHED']);

/**
 * UIDToPhone as the compliance gate: the number behind `id` only while it holds a granted permit
 * that has not expired and was not used, and that permit is used up by this answer (one dial per
 * permit, even when two requests race: the update that marks it used is conditional). Without one,
 * the reason: an ID never given out, no permit, the newest permit refused by a rule, expired or used.
 */
export async function passGate(db: Kysely<Database>, id: string, now: number): Promise<GateVerdict> {
  if (!customerIdPattern.test(id)) return { ok: false, reason: 'MAPPING_ID_UNKNOWN' };
  // One round trip for the number and its newest live permit: TCCC waits on this inside the dial.
  const found = await db
    .selectFrom('number_mappings')
    .leftJoin('dial_permits', (join) =>
      join
        .onRef('dial_permits.customer_id', '=', 'number_mappings.id')
        .on('dial_permits.allowed', '=', 1)
        .on('dial_permits.used_at', 'is', null)
        .on('dial_permits.expires_at', '>', now),
    )
    .select(['number_mappings.phone', 'dial_permits.id', 'dial_permits.agent_username'])
    .where('number_mappings.id', '=', id)
    .orderBy('dial_permits.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (found === undefined) return { ok: false, reason: 'MAPPING_ID_UNKNOWN' };
  const phone = found.phone;
  const live =
    found.id === null || found.agent_username === null
      ? undefined
      : { id: found.id, agent_username: found.agent_username };
  if (live !== undefined) {
    const used = await db
      .updateTable('dial_permits')
      .set({ used_at: now })
      .where('id', '=', live.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 1)
      return { ok: true, phone, permitId: live.id, agent: live.agent_username };
    return { ok: false, reason: 'PERMIT_USED', permitId: live.id, agent: live.agent_username };
  }
  const latest = await db
    .selectFrom('dial_permits')
    .select(['id', 'agent_username', 'allowed', 'reason', 'used_at'])
    .where('customer_id', '=', id)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest === undefined) return { ok: false, reason: 'PERMIT_MISSING' };
  const who = { permitId: latest.id, agent: latest.agent_username };
  if (latest.allowed === 0 && latest.reason !== null && refusals.has(latest.reason))
    return { ok: false, reason: latest.reason as GateRefusal, ...who };
  if (latest.used_at !== null) return { ok: false, reason: 'PERMIT_USED', ...who };
  return { ok: false, reason: 'PERMIT_EXPIRED', ...who };
}

/** `008613800138000`: what UIDToPhone must answer (a landline without its trunk 0). */
export function withCountryCode(national: string): string {
  return `0086${national.replace(/^0/, '')}`;
}
