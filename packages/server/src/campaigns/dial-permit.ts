import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import { parseHours } from './campaign-settings.js';
import { type AppliedRule, type ComplianceRules, checkCompliance } from './compliance.js';

export type PermitAnswer =
  | { allowed: true; permitId: string; uui: string }
  | { allowed: false; permitId: string; reason: AppliedRule['code']; rule: AppliedRule };

/**
 * Decides whether `agent` may dial `phone` now and logs the answer. With an entry, the entry must be
 * the agent's own claim and its list's hours and caps apply; without one (a number typed on the pad)
 * the do-not-call list still does. A granted permit's id travels with the call as its UUI.
 */
export async function issueDialPermit(
  db: Kysely<Database>,
  request: { phone: string; agent: string; campaignId?: string | undefined; entryId?: string | undefined },
  now: number,
): Promise<PermitAnswer> {
  let rules: ComplianceRules = {};
  if (request.entryId !== undefined) {
    const entry = await db
      .selectFrom('campaign_entries')
      .innerJoin('campaigns', 'campaigns.id', 'campaign_entries.campaign_id')
      .select([
        'campaign_entries.phone',
        'campaign_entries.status',
        'campaign_entries.claimed_by',
        'campaigns.id as campaign_id',
        'campaigns.status as campaign_status',
        'campaigns.timezone',
        'campaigns.hours_start',
        'campaigns.hours_end',
        'campaigns.cap_per_day',
        'campaigns.cap_per_week',
      ])
      .where('campaign_entries.id', '=', request.entryId)
      .executeTakeFirst();
    if (
      entry === undefined ||
      entry.status !== 'claimed' ||
      entry.claimed_by !== request.agent ||
      entry.phone !== request.phone ||
      (request.campaignId !== undefined && entry.campaign_id !== request.campaignId)
    ) {
      throw new ServerError('ENTRY_NOT_CLAIMED');
    }
    if (entry.campaign_status !== 'active') throw new ServerError('CAMPAIGN_NOT_ACTIVE');
    rules = {
      hours: parseHours(entry),
      capPerDay: entry.cap_per_day,
      capPerWeek: entry.cap_per_week,
    };
  }
  const verdict = await checkCompliance(db, request.phone, rules, now);
  const permitId = randomUUID();
  await db
    .insertInto('dial_permits')
    .values({
      id: permitId,
      phone: request.phone,
      agent_username: request.agent,
      campaign_id: request.campaignId ?? null,
      entry_id: request.entryId ?? null,
      allowed: verdict.allowed ? 1 : 0,
      reason: verdict.allowed ? null : verdict.rule.code,
      created_at: now,
    })
    .execute();
  return verdict.allowed
    ? { allowed: true, permitId, uui: `permit:${permitId}` }
    : { allowed: false, permitId, reason: verdict.rule.code, rule: verdict.rule };
}
