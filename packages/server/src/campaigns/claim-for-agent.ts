import type { Kysely } from 'kysely';
import type { CampaignEntriesTable, Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import { type Campaign, campaignHours } from './campaign-settings.js';
import { claimNext, heldEntry } from './claim.js';
import { type AppliedRule, checkCompliance, hoursRefusal } from './compliance.js';

export interface ClaimAnswer {
  entry: CampaignEntriesTable | undefined;
  /** Entries taken and put aside because a rule refused them (closed for DNC, later for a cap). */
  skipped: { entry: CampaignEntriesTable; rule: AppliedRule }[];
  /** Set when the whole list may not be called now (outside its hours). */
  refusal: AppliedRule | undefined;
}

/**
 * The next entry an agent should call: the one they already hold, else a fresh claim that passes the
 * do-not-call list and the caps (a number added to the list after import is closed here, a capped
 * number waits for the list's retry interval). Outside calling hours nothing is claimed.
 */
export async function claimForAgent(
  db: Kysely<Database>,
  campaign: Campaign,
  agent: string,
  now: number,
): Promise<ClaimAnswer> {
  if (campaign.status !== 'active') throw new ServerError('CAMPAIGN_NOT_ACTIVE');
  if (campaign.agents.length > 0 && !campaign.agents.includes(agent))
    throw new ServerError('CAMPAIGN_NOT_ASSIGNED');
  const held = await heldEntry(db, campaign.id, agent, now);
  if (held !== undefined) return { entry: held, skipped: [], refusal: undefined };
  const hours = campaignHours(campaign);
  const outside = hoursRefusal(now, hours);
  if (outside !== undefined) return { entry: undefined, skipped: [], refusal: outside };
  const skipped: ClaimAnswer['skipped'] = [];
  for (let i = 0; i < 20; i++) {
    const entry = await claimNext(db, campaign.id, agent, now);
    if (entry === undefined) break;
    const verdict = await checkCompliance(
      db,
      entry.phone,
      { capPerDay: campaign.capPerDay, capPerWeek: campaign.capPerWeek, hours },
      now,
    );
    if (verdict.allowed) return { entry, skipped, refusal: undefined };
    const put =
      verdict.rule.code === 'DNC_LISTED'
        ? { status: 'closed' as const, close_reason: 'DNC_LISTED' }
        : { status: 'pending' as const, next_at: now + campaign.retryIntervalSeconds * 1000 };
    await db
      .updateTable('campaign_entries')
      .set({ ...put, claimed_by: null, claimed_at: null, updated_at: now })
      .where('id', '=', entry.id)
      .execute();
    skipped.push({ entry, rule: verdict.rule });
  }
  return { entry: undefined, skipped, refusal: undefined };
}
