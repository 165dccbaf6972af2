import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { entryResult } from '../api/campaigns.js';
import type { CampaignEntriesTable, Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import type { Campaign } from './campaign-settings.js';

/** An attempt's result as the route validated it. */
export type EntryResult = z.output<typeof entryResult>;

const maxCallbackAheadMs = 90 * 86_400_000;

/** The call record's outcome once the server has a real one (CDR or a finished browser record). */
async function recordedOutcome(db: Kysely<Database>, sessionId: string | undefined) {
  if (sessionId === undefined) return undefined;
  const call = await db
    .selectFrom('calls')
    .select(['outcome', 'has_cdr'])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (call === undefined) return undefined;
  return call.has_cdr === 1 || !['inProgress', 'unknown'].includes(call.outcome) ? call.outcome : undefined;
}

/**
 * Applies one attempt's result to an entry the agent holds: a disposition closes it (or, for a
 * callback, schedules it back to this agent); without one, a retrying outcome (busy, no answer, ...)
 * queues it again after the list's interval until the maximum attempts, any other outcome closes it.
 */
export async function recordEntryResult(
  db: Kysely<Database>,
  campaign: Campaign,
  entryId: string,
  agent: string,
  input: EntryResult,
  now: number,
): Promise<CampaignEntriesTable> {
  const entry = await db
    .selectFrom('campaign_entries')
    .selectAll()
    .where('id', '=', entryId)
    .where('campaign_id', '=', campaign.id)
    .executeTakeFirst();
  if (entry === undefined || entry.status !== 'claimed' || entry.claimed_by !== agent) {
    throw new ServerError('ENTRY_NOT_CLAIMED');
  }
  const disposition =
    input.disposition === undefined
      ? undefined
      : campaign.dispositions.find((d) => d.key === input.disposition);
  if (input.disposition !== undefined && disposition === undefined)
    throw new ServerError('DISPOSITION_UNKNOWN');
  const outcome = (await recordedOutcome(db, input.sessionId)) ?? input.outcome;
  const attempts = entry.attempts + 1;

  let next: Partial<CampaignEntriesTable>;
  if (disposition?.callback) {
    const at = input.callbackAt === undefined ? Number.NaN : Date.parse(input.callbackAt);
    if (!(at > now && at < now + maxCallbackAheadMs)) throw new ServerError('CALLBACK_TIME_INVALID');
    next = {
      status: 'pending',
      close_reason: null,
      next_at: at,
      callback_at: at,
      owner: agent,
      owner_until: at + campaign.callbackGraceSeconds * 1000,
    };
  } else if (disposition !== undefined) {
    next = { status: 'closed', close_reason: disposition.key, owner: null, owner_until: null };
  } else if ((campaign.retryOutcomes as string[]).includes(outcome)) {
    next =
      attempts < campaign.maxAttempts
        ? {
            status: 'pending',
            next_at: now + campaign.retryIntervalSeconds * 1000,
            owner: null,
            owner_until: null,
          }
        : { status: 'closed', close_reason: 'maxAttempts', owner: null, owner_until: null };
  } else {
    next = { status: 'closed', close_reason: outcome, owner: null, owner_until: null };
  }

  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('campaign_entries')
      .set({
        ...next,
        attempts,
        last_outcome: outcome,
        last_disposition: disposition?.key ?? entry.last_disposition,
        claimed_by: null,
        claimed_at: null,
        updated_at: now,
      })
      .where('id', '=', entry.id)
      .where('status', '=', 'claimed')
      .where('claimed_by', '=', agent)
      .returningAll()
      .executeTakeFirst();
    if (updated === undefined) throw new ServerError('ENTRY_NOT_CLAIMED');
    await trx
      .insertInto('campaign_attempts')
      .values({
        id: randomUUID(),
        campaign_id: campaign.id,
        entry_id: entry.id,
        agent_username: agent,
        session_id: input.sessionId ?? null,
        phone: entry.phone,
        outcome,
        disposition: disposition?.key ?? null,
        note: input.note?.trim() || null,
        wrap_up_ms: input.wrapUpMs,
        created_at: now,
      })
      .execute();
    return updated;
  });
}
