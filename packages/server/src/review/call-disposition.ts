import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { callDisposition } from '../api/review.js';
import type { Database } from '../db/schema.js';

type CallDisposition = z.output<typeof callDisposition>;

/** The disposition the agent saved for the call in a list (the newest, should there be two), with its label. */
export async function dispositionOf(
  db: Kysely<Database>,
  sessionId: string,
): Promise<CallDisposition | null> {
  const row = await db
    .selectFrom('campaign_attempts')
    .innerJoin('campaigns', 'campaigns.id', 'campaign_attempts.campaign_id')
    .select([
      'campaign_attempts.campaign_id',
      'campaign_attempts.disposition',
      'campaigns.name',
      'campaigns.dispositions',
    ])
    .where('campaign_attempts.session_id', '=', sessionId)
    .where('campaign_attempts.disposition', 'is not', null)
    .orderBy('campaign_attempts.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row?.disposition == null) return null;
  const offered = JSON.parse(row.dispositions) as Array<{ key: string; label: CallDisposition['label'] }>;
  return {
    campaignId: row.campaign_id,
    campaignName: row.name,
    key: row.disposition,
    label: offered.find((d) => d.key === row.disposition)?.label ?? null,
  };
}
