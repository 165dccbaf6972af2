import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CallRecord } from '../api-types.js';
import type { Database } from '../db/schema.js';
import { normalisePhone } from '../phone/phone.js';
import { createMappingStore } from './mapping-store.js';

/** Who is looking: supervisors see numbers (TCCC's console does too); agents do not where protected. */
interface Viewer {
  role: 'agent' | 'supervisor';
  username: string;
}

/**
 * Keeps protected numbers out of what an agent can request: a number that is on a list with
 * "protect numbers" shows as its customer ID in call history (and its CSV) and in the customer list.
 * Supervisors see the numbers; each answer that shows them some is audited (`number_reveals`).
 */
export function createNumberShield(db: Kysely<Database>, now: () => number) {
  const mapping = createMappingStore(db, now);

  /** The numbers among `phones` that a protected list holds, with those lists. */
  async function protectedRows(phones: string[]) {
    const wanted = [...new Set(phones.filter((p) => p !== ''))];
    if (wanted.length === 0) return [];
    return db
      .selectFrom('campaign_entries')
      .innerJoin('campaigns', 'campaigns.id', 'campaign_entries.campaign_id')
      .select(['campaign_entries.phone', 'campaign_entries.campaign_id'])
      .distinct()
      .where('campaigns.protect_numbers', '=', 1)
      .where('campaign_entries.phone', 'in', wanted)
      .execute();
  }

  async function protectedAmong(phones: string[]): Promise<Set<string>> {
    return new Set((await protectedRows(phones)).map((r) => r.phone));
  }

  /** A supervisor's answer holds `phones`: one audit row when some are protected. */
  async function audit(viewer: Viewer, route: string, phones: string[]): Promise<void> {
    const rows = await protectedRows(phones);
    if (rows.length === 0) return;
    await recordReveal(
      viewer,
      route,
      [...new Set(rows.map((r) => r.campaign_id))],
      new Set(rows.map((r) => r.phone)).size,
    );
  }

  /** Writes the audit row of one answer that showed `viewer` protected numbers of these lists. */
  async function recordReveal(viewer: Viewer, route: string, campaignIds: string[], numbers: number) {
    if (numbers === 0) return;
    await db
      .insertInto('number_reveals')
      .values({
        id: randomUUID(),
        username: viewer.username,
        route,
        campaign_ids: JSON.stringify(campaignIds),
        numbers,
        created_at: now(),
      })
      .execute();
  }

  /** `replace` for each protected number among `phones`: its customer ID. */
  async function idsOf(phones: string[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const phone of await protectedAmong(phones)) ids.set(phone, await mapping.idFor(phone));
    return ids;
  }

  async function calls(viewer: Viewer, route: string, items: CallRecord[]): Promise<CallRecord[]> {
    if (items.length === 0) return items;
    const phones = items.flatMap((c) => [normalisePhone(c.callee), normalisePhone(c.caller)]);
    if (viewer.role === 'supervisor') {
      await audit(viewer, route, phones);
      return items;
    }
    const ids = await idsOf(phones);
    if (ids.size === 0) return items;
    const shown = (n: string) => ids.get(normalisePhone(n)) ?? n;
    return items.map((c) => ({ ...c, callee: shown(c.callee), caller: shown(c.caller) }));
  }

  /** The CSV export's rows, shielded in batches; a supervisor's export is audited once, at its end. */
  async function* callStream(viewer: Viewer, route: string, source: AsyncIterable<CallRecord>, batch = 200) {
    let buffer: CallRecord[] = [];
    const lists = new Set<string>();
    const revealed = new Set<string>();
    const take = async () => {
      if (viewer.role === 'agent') return calls(viewer, route, buffer);
      const rows = await protectedRows(
        buffer.flatMap((c) => [normalisePhone(c.callee), normalisePhone(c.caller)]),
      );
      for (const r of rows) {
        lists.add(r.campaign_id);
        revealed.add(r.phone);
      }
      return buffer;
    };
    for await (const c of source) {
      buffer.push(c);
      if (buffer.length >= batch) {
        yield* await take();
        buffer = [];
      }
    }
    yield* await take();
    await recordReveal(viewer, route, [...lists], revealed.size);
  }

  async function customers<T extends { phone: string }>(
    viewer: Viewer,
    route: string,
    items: T[],
    /** The agent searched by digits: a protected customer found by its number is left out. */
    searchedByNumber = false,
  ): Promise<T[]> {
    if (items.length === 0) return items;
    if (viewer.role === 'supervisor') {
      await audit(
        viewer,
        route,
        items.map((c) => c.phone),
      );
      return items;
    }
    const ids = await idsOf(items.map((c) => c.phone));
    if (ids.size === 0) return items;
    const shown = searchedByNumber ? items.filter((c) => !ids.has(c.phone)) : items;
    return shown.map((c) => ({ ...c, phone: ids.get(c.phone) ?? c.phone }));
  }

  /**
   * Whether a history search by `phone` must answer nothing: an agent who types a protected number
   * would otherwise learn that it is a customer's (and which ID it has) from the rows it finds.
   */
  async function hidesSearch(viewer: Viewer, phone: string | undefined): Promise<boolean> {
    if (viewer.role === 'supervisor' || phone === undefined) return false;
    return (await protectedAmong([phone])).size > 0;
  }

  return { calls, callStream, customers, hidesSearch, recordReveal };
}

export type NumberShield = ReturnType<typeof createNumberShield>;
