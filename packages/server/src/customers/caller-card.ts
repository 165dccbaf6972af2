import type { Kysely } from 'kysely';
import type { CallerCard, CallerEntry, OutcomeKey } from '../api-types.js';
import type { Database } from '../db/schema.js';
import { normalisePhone } from '../phone/phone.js';

const recentLimit = 5;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The card an agent reads while a call rings: the customer matched on the caller's number (or, with
 * number protection, on the customer ID TCCC gives instead), their last calls with any agent, the
 * call-list entries with the number and the callback still open to them.
 */
export async function callerCard(
  db: Kysely<Database>,
  who: { phone?: string | undefined; customerId?: string | undefined },
): Promise<CallerCard> {
  const byId = who.customerId;
  const customer = await db
    .selectFrom('customers')
    .select(['id', 'name', 'phone', 'company', 'note'])
    .$call((q) =>
      byId === undefined ? q.where('phone', '=', normalisePhone(who.phone)) : q.where('id', '=', byId),
    )
    .orderBy('created_at')
    .executeTakeFirst();
  const phone = byId === undefined ? normalisePhone(who.phone) : customer?.phone;
  if (phone === undefined || phone === '')
    return { customer: null, recentCalls: [], entries: [], openCallback: null };

  const calls = await db
    .selectFrom('calls')
    .leftJoin('users', 'users.username', 'calls.agent_username')
    .select([
      'calls.session_id',
      'calls.direction',
      'calls.started_at',
      'calls.outcome',
      'calls.talk_seconds',
      'users.display_name',
    ])
    .where('calls.phone', '=', phone)
    .orderBy('calls.started_at', 'desc')
    .limit(recentLimit)
    .execute();

  const rows = await db
    .selectFrom('campaign_entries')
    .innerJoin('campaigns', 'campaigns.id', 'campaign_entries.campaign_id')
    .select([
      'campaign_entries.id',
      'campaign_entries.campaign_id',
      'campaigns.name as campaign_name',
      'campaign_entries.name',
      'campaign_entries.status',
      'campaign_entries.last_disposition',
      'campaign_entries.callback_at',
    ])
    .where('campaign_entries.phone', '=', phone)
    .orderBy('campaign_entries.updated_at', 'desc')
    .limit(recentLimit)
    .execute();
  const entries: CallerEntry[] = rows.map((r) => ({
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    entryId: r.id,
    name: r.name,
    status: r.status,
    lastDisposition: r.last_disposition,
    callbackAt: r.callback_at === null ? null : iso(r.callback_at),
  }));

  return {
    customer: customer ?? null,
    recentCalls: calls.map((c) => ({
      sessionId: c.session_id,
      direction: c.direction,
      startedAt: iso(c.started_at),
      outcome: c.outcome as OutcomeKey,
      talkSeconds: c.talk_seconds,
      agentName: c.display_name ?? null,
    })),
    entries,
    openCallback: entries.find((e) => e.status !== 'closed' && e.callbackAt !== null) ?? null,
  };
}
