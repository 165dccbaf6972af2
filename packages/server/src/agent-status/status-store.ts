import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import { agentStatusKeys, type agentStatusSummary } from '../api/agent-status.js';
import type { AgentStatusChangesTable, Database } from '../db/schema.js';

type Status = AgentStatusChangesTable['status'];
export type AgentStatusSummary = z.output<typeof agentStatusSummary>;

/** Keeps an agent's status change; the same status (and reason) again is no change. */
export async function recordStatus(
  db: Kysely<Database>,
  change: { username: string; status: Status; reason: string | null; at: number },
): Promise<void> {
  const last = await db
    .selectFrom('agent_status_changes')
    .select(['status', 'reason'])
    .where('username', '=', change.username)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last && last.status === change.status && last.reason === change.reason) return;
  await db
    .insertInto('agent_status_changes')
    .values({ id: randomUUID(), ...change })
    .execute();
}

const zeroSeconds = () => Object.fromEntries(agentStatusKeys.map((k) => [k, 0])) as Record<Status, number>;

/**
 * Time in each status per agent over [from, to): each status lasts until the next change, the one
 * still open until now. Occupancy is (talk + after-call work) / signed-in time, as TCCC's own
 * supervisor figures read it.
 */
export async function summariseStatuses(
  db: Kysely<Database>,
  window: { from: number; to: number; now: number },
): Promise<AgentStatusSummary> {
  const { from, to } = window;
  const rows = await db
    .selectFrom('agent_status_changes as c')
    .leftJoin('users', 'users.username', 'c.username')
    .select(['c.username', 'c.status', 'c.reason', 'c.at', 'users.display_name'])
    .where('c.at', '<', to)
    .where((eb) =>
      eb.or([
        eb('c.at', '>=', from),
        // The status the agent was in when the window opened.
        eb(
          'c.at',
          '=',
          sql<number>`(select max(d.at) from agent_status_changes d where d.username = c.username and d.at < ${from})`,
        ),
      ]),
    )
    .orderBy('c.username')
    .orderBy('c.at')
    .execute();

  const openUntil = Math.min(window.now, to);
  const agents: AgentStatusSummary['agents'] = [];
  for (let i = 0; i < rows.length; ) {
    const username = rows[i]?.username ?? '';
    const seconds = zeroSeconds();
    const restByReason: Record<string, number> = {};
    let current: Status = 'offline';
    let displayName = username;
    for (; i < rows.length && rows[i]?.username === username; i++) {
      const row = rows[i];
      if (!row) break;
      const next = rows[i + 1];
      const start = Math.max(Number(row.at), from);
      const end = next && next.username === username ? Math.min(Number(next.at), to) : openUntil;
      const s = Math.max(0, Math.round((end - start) / 1000));
      seconds[row.status] += s;
      if (row.status === 'rest' && s > 0) {
        const reason = row.reason ?? '';
        restByReason[reason] = (restByReason[reason] ?? 0) + s;
      }
      current = row.status;
      displayName = row.display_name ?? username;
    }
    const signedInSeconds = agentStatusKeys.reduce((n, k) => (k === 'offline' ? n : n + seconds[k]), 0);
    const occupancy = signedInSeconds === 0 ? 0 : (seconds.busy + seconds.arrange) / signedInSeconds;
    agents.push({
      username,
      displayName,
      current,
      seconds,
      restByReason,
      signedInSeconds,
      occupancy: Math.round(occupancy * 1000) / 1000,
    });
  }
  return { agents };
}
