import type { Kysely } from 'kysely';
import type { CampaignStats } from '../api-types.js';
import type { Database } from '../db/schema.js';

export type { CampaignStats } from '../api-types.js';

/** A list's progress and results for the supervisor's charts. */
export async function campaignStats(db: Kysely<Database>, campaignId: string): Promise<CampaignStats> {
  const byStatus = await db
    .selectFrom('campaign_entries')
    .select(['status', 'close_reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy(['status', 'close_reason'])
    .execute();
  const entries = { total: 0, pending: 0, claimed: 0, closed: 0 };
  const closeReasons: Record<string, number> = {};
  for (const r of byStatus) {
    const n = Number(r.n);
    entries.total += n;
    entries[r.status] += n;
    if (r.status === 'closed' && r.close_reason !== null)
      closeReasons[r.close_reason] = (closeReasons[r.close_reason] ?? 0) + n;
  }
  const attempts = await db
    .selectFrom('campaign_attempts')
    .select(['agent_username', 'outcome', 'disposition', 'wrap_up_ms'])
    .where('campaign_id', '=', campaignId)
    .execute();
  const dispositions: Record<string, number> = {};
  const agents = new Map<string, { attempts: number; answered: number; wrapUpMs: number }>();
  let answered = 0;
  for (const a of attempts) {
    if (a.outcome === 'answered') answered++;
    if (a.disposition !== null) dispositions[a.disposition] = (dispositions[a.disposition] ?? 0) + 1;
    const s = agents.get(a.agent_username) ?? { attempts: 0, answered: 0, wrapUpMs: 0 };
    s.attempts++;
    if (a.outcome === 'answered') s.answered++;
    s.wrapUpMs += Number(a.wrap_up_ms);
    agents.set(a.agent_username, s);
  }
  return {
    entries,
    closeReasons,
    attempts: attempts.length,
    answered,
    contactRate: attempts.length === 0 ? 0 : answered / attempts.length,
    dispositions,
    perAgent: [...agents].map(([username, s]) => ({
      username,
      attempts: s.attempts,
      answered: s.answered,
      averageWrapUpSeconds: Math.round(s.wrapUpMs / s.attempts / 100) / 10,
    })),
  };
}
