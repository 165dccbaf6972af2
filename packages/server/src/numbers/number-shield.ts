import type { Kysely } from 'kysely';
import type { CallRecord } from '../api-types.js';
import type { Database } from '../db/schema.js';
import { normalisePhone } from '../phone/phone.js';
import { createMappingStore } from './mapping-store.js';

/** Who is looking: supervisors see numbers (TCCC's console does too); agents do not where protected. */
interface Viewer {
  role: 'agent' | 'supervisor';
}

/**
 * Keeps protected numbers out of what an agent can request: a number that is on a list with
 * "protect numbers" shows as its customer ID in call history (and its CSV) and in the customer list.
 * Supervisors see the numbers.
 */
export function createNumberShield(db: Kysely<Database>, now: () => number) {
  const mapping = createMappingStore(db, now);

  /** The numbers among `phones` that a protected list holds. */
  async function protectedAmong(phones: string[]): Promise<Set<string>> {
    const wanted = [...new Set(phones.filter((p) => p !== ''))];
    if (wanted.length === 0) return new Set();
    const rows = await db
      .selectFrom('campaign_entries')
      .innerJoin('campaigns', 'campaigns.id', 'campaign_entries.campaign_id')
      .select('campaign_entries.phone')
      .distinct()
      .where('campaigns.protect_numbers', '=', 1)
      .where('campaign_entries.phone', 'in', wanted)
      .execute();
    return new Set(rows.map((r) => r.phone));
  }

  /** `replace` for each protected number among `phones`: its customer ID. */
  async function idsOf(phones: string[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const phone of await protectedAmong(phones)) ids.set(phone, await mapping.idFor(phone));
    return ids;
  }

  async function calls(viewer: Viewer, items: CallRecord[]): Promise<CallRecord[]> {
    if (viewer.role === 'supervisor' || items.length === 0) return items;
    const ids = await idsOf(items.flatMap((c) => [normalisePhone(c.callee), normalisePhone(c.caller)]));
    if (ids.size === 0) return items;
    const shown = (n: string) => ids.get(normalisePhone(n)) ?? n;
    return items.map((c) => ({ ...c, callee: shown(c.callee), caller: shown(c.caller) }));
  }

  async function* callStream(viewer: Viewer, source: AsyncIterable<CallRecord>, batch = 200) {
    let buffer: CallRecord[] = [];
    for await (const c of source) {
      buffer.push(c);
      if (buffer.length >= batch) {
        yield* await calls(viewer, buffer);
        buffer = [];
      }
    }
    yield* await calls(viewer, buffer);
  }

  async function customers<T extends { phone: string }>(viewer: Viewer, items: T[]): Promise<T[]> {
    if (viewer.role === 'supervisor' || items.length === 0) return items;
    const ids = await idsOf(items.map((c) => c.phone));
    return ids.size === 0 ? items : items.map((c) => ({ ...c, phone: ids.get(c.phone) ?? c.phone }));
  }

  return { calls, callStream, customers };
}

export type NumberShield = ReturnType<typeof createNumberShield>;
