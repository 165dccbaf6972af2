import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { CampaignEntry } from '../api-types.js';
import type { CampaignEntriesTable, Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import type { ImportedEntry } from './campaign-import.js';
import { type Campaign, type CampaignSettings, maskPhone, toCampaign, toRow } from './campaign-settings.js';
import { isPostgres } from './claim.js';

export type { CampaignEntry } from '../api-types.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A list column's value that holds a number (7+ digits among separators): hidden on a protected list. */
const numberLike = /^[\s+()\-.]*(?:\d[\s()\-.]*){7,}$/;

/**
 * An entry as the API shows it. `masked`: `138****8000`. `customerId` (a protected list, for an
 * agent): the ID stands where the number was, and other columns holding a number are blanked.
 */
export function toEntry(row: CampaignEntriesTable, masked = false, customerId?: string): CampaignEntry {
  const fields = JSON.parse(row.fields) as Record<string, string>;
  if (customerId !== undefined)
    for (const [k, v] of Object.entries(fields)) if (numberLike.test(v)) fields[k] = '';
  return {
    id: row.id,
    campaignId: row.campaign_id,
    row: row.row_number,
    phone: customerId ?? (masked ? maskPhone(row.phone) : row.phone),
    name: row.name,
    fields,
    status: row.status,
    closeReason: row.close_reason,
    attempts: row.attempts,
    lastOutcome: row.last_outcome,
    lastDisposition: row.last_disposition,
    nextAttemptAt: row.status === 'pending' ? iso(row.next_at) : null,
    callbackAt: iso(row.callback_at),
    owner: row.owner,
    claimedBy: row.claimed_by,
  };
}

export function createCampaignStore(db: Kysely<Database>, now: () => number) {
  async function get(id: string): Promise<Campaign> {
    const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new ServerError('CAMPAIGN_NOT_FOUND');
    return toCampaign(row);
  }

  return {
    get,

    async create(settings: CampaignSettings, createdBy: string): Promise<Campaign> {
      const row = toRow(randomUUID(), settings, createdBy, now());
      await db.insertInto('campaigns').values(row).execute();
      return toCampaign(row);
    },

    /** Supervisors see every list; an agent sees the active and paused lists they may work. */
    async list(agent?: string): Promise<Campaign[]> {
      const rows = await db.selectFrom('campaigns').selectAll().orderBy('created_at', 'desc').execute();
      const all = rows.map(toCampaign);
      if (agent === undefined) return all;
      return all.filter((c) => c.status !== 'closed' && (c.agents.length === 0 || c.agents.includes(agent)));
    },

    async setStatus(id: string, status: Campaign['status']): Promise<Campaign> {
      const current = await get(id);
      // A closed list stays closed: its numbers may have been handed to another team.
      if (current.status === 'closed' && status !== 'closed') throw new ServerError('CAMPAIGN_NOT_ACTIVE');
      await db.updateTable('campaigns').set({ status, updated_at: now() }).where('id', '=', id).execute();
      return { ...current, status };
    },

    /**
     * Adds imported entries. Numbers already in the list are duplicates; numbers on the do-not-call
     * list go in closed with `DNC_LISTED`, so the supervisor sees why they will never be dialled.
     */
    async addEntries(campaignId: string, entries: ImportedEntry[]) {
      const t = now();
      const phones = entries.map((e) => e.phone);
      const existing = new Set<string>();
      const dnc = new Set<string>();
      for (let i = 0; i < phones.length; i += 500) {
        const chunk = phones.slice(i, i + 500);
        if (chunk.length === 0) continue;
        for (const r of await db
          .selectFrom('campaign_entries')
          .select('phone')
          .where('campaign_id', '=', campaignId)
          .where('phone', 'in', chunk)
          .execute())
          existing.add(r.phone);
        for (const r of await db
          .selectFrom('dnc_numbers')
          .select('phone')
          .where('phone', 'in', chunk)
          .execute())
          dnc.add(r.phone);
      }
      const fresh = entries.filter((e) => !existing.has(e.phone));
      const rows: CampaignEntriesTable[] = fresh.map((e) => ({
        id: randomUUID(),
        campaign_id: campaignId,
        row_number: e.row,
        phone: e.phone,
        name: e.name,
        fields: JSON.stringify(e.fields),
        status: dnc.has(e.phone) ? 'closed' : 'pending',
        close_reason: dnc.has(e.phone) ? 'DNC_LISTED' : null,
        attempts: 0,
        last_outcome: null,
        last_disposition: null,
        next_at: t,
        owner: null,
        owner_until: null,
        claimed_by: null,
        claimed_at: null,
        callback_at: null,
        created_at: t,
        updated_at: t,
      }));
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 200)
          await trx
            .insertInto('campaign_entries')
            .values(rows.slice(i, i + 200))
            .execute();
      });
      // A big import changes the table's shape at once; fresh statistics keep the claim on its index
      // rather than waiting for autovacuum to notice.
      if (isPostgres(db) && rows.length >= 500) await sql`analyze campaign_entries`.execute(db);
      return {
        imported: rows.length,
        duplicates: entries.filter((e) => existing.has(e.phone)).map((e) => e.row),
        doNotCall: fresh.filter((e) => dnc.has(e.phone)).map((e) => e.row),
      };
    },

    async entries(campaignId: string): Promise<CampaignEntriesTable[]> {
      return db
        .selectFrom('campaign_entries')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .orderBy('row_number')
        .execute();
    },
  };
}

export type CampaignStore = ReturnType<typeof createCampaignStore>;
