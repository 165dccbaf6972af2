import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DialPadRules } from '../config/number-mapping-config.js';
import type { Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import type { MappingStore } from '../numbers/mapping-store.js';
import { parseHours } from './campaign-settings.js';
import { type AppliedRule, type ComplianceRules, checkCompliance } from './compliance.js';

export type PermitAnswer =
  | { allowed: true; permitId: string; uui: string; customerId?: string; expiresAt?: string }
  | { allowed: false; permitId: string; reason: AppliedRule['code']; rule: AppliedRule };

/** Number mapping as the permit sees it: when on, a permit names a customer ID and lives for a TTL. */
export interface PermitMapping {
  store: MappingStore;
  ttlMs: number;
  dialPad: DialPadRules;
}

/** A number typed on the dial pad, under the deployment's rules (number mapping on). */
export function dialPadRules(rules: DialPadRules): ComplianceRules {
  return {
    hours: { timeZone: rules.timeZone, start: rules.hoursStart, end: rules.hoursEnd },
    capPerDay: rules.capPerDay,
    burst: { cap: rules.burstCap, windowMs: rules.burstWindowSeconds * 1000 },
    confirmedOnly: true,
  };
}

/**
 * Decides whether `agent` may dial `phone` now and logs the answer. With an entry, the entry must be
 * the agent's own claim and its list's hours and caps apply; without one (a number typed on the pad)
 * the do-not-call list still does, and under number mapping the deployment's dial-pad rules too. A
 * granted permit's id travels with the call as its UUI; under number mapping it also names the
 * customer ID TCCC's UIDToPhone will ask for, and lives `ttlMs`, used once.
 */
export async function issueDialPermit(
  db: Kysely<Database>,
  request: {
    phone?: string | undefined;
    agent: string;
    campaignId?: string | undefined;
    entryId?: string | undefined;
  },
  now: number,
  mapping?: PermitMapping,
): Promise<PermitAnswer> {
  let rules: ComplianceRules = mapping === undefined ? {} : dialPadRules(mapping.dialPad);
  let phone = request.phone;
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
      (phone !== undefined && entry.phone !== phone) ||
      (request.campaignId !== undefined && entry.campaign_id !== request.campaignId)
    ) {
      throw new ServerError('ENTRY_NOT_CLAIMED');
    }
    if (entry.campaign_status !== 'active') throw new ServerError('CAMPAIGN_NOT_ACTIVE');
    phone = entry.phone;
    rules = {
      hours: parseHours(entry),
      capPerDay: entry.cap_per_day,
      capPerWeek: entry.cap_per_week,
      confirmedOnly: mapping !== undefined,
    };
  }
  if (phone === undefined) throw new ServerError('INVALID_REQUEST');
  const verdict = await checkCompliance(db, phone, rules, now);
  const permitId = randomUUID();
  const customerId = mapping === undefined ? null : await mapping.store.idFor(phone);
  const expiresAt = mapping === undefined ? null : now + mapping.ttlMs;
  await db
    .insertInto('dial_permits')
    .values({
      id: permitId,
      phone,
      agent_username: request.agent,
      campaign_id: request.campaignId ?? null,
      entry_id: request.entryId ?? null,
      allowed: verdict.allowed ? 1 : 0,
      reason: verdict.allowed ? null : verdict.rule.code,
      created_at: now,
      customer_id: customerId,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  if (!verdict.allowed) return { allowed: false, permitId, reason: verdict.rule.code, rule: verdict.rule };
  const byId =
    customerId === null || expiresAt === null
      ? {}
      : { customerId, expiresAt: new Date(expiresAt).toISOString() };
  return { allowed: true, permitId, uui: `permit:${permitId}`, ...byId };
}
