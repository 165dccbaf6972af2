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
    // Milliseconds until the end, so many short spans (a call of 400 ms) still add up.
    const ms = zeroSeconds();
    const restMs: Record<string, number> = {};
    let current: Status = 'offline';
    let displayName = username;
    for (; i < rows.length && rows[i]?.username === username; i++) {
      const row = rows[i];
      if (!row) break;
      const next = rows[i + 1];
      const start = Math.max(Number(row.at), from);
      const end = next && next.username === username ? Math.min(Number(next.at), to) : openUntil;
      const span = Math.max(0, end - start);
      ms[row.status] += span;
      if (row.status === 'rest' && span > 0) {
        const reason = row.reason ?? '';
        restMs[reason] = (restMs[reason] ?? 0) + span;
      }
      current = row.status;
      displayName = row.display_name ?? username;
    }
    const toSeconds = (n: number) => Math.round(n / 1000);
    const signedInMs = agentStatusKeys.reduce((n, k) => (k === 'offline' ? n : n + ms[k]), 0);
    const occupancy = signedInMs === 0 ? 0 : (ms.busy + ms.arrange) / signedInMs;
    agents.push({
      username,
      displayName,
      current,
      seconds: Object.fromEntries(agentStatusKeys.map((k) => [k, toSeconds(ms[k])])) as Record<
        Status,
        number
      >,
      restByReason: Object.fromEntries(Object.entries(restMs).map(([r, n]) => [r, toSeconds(n)])),
      signedInSeconds: toSeconds(signedInMs),
      occupancy: Math.round(occupancy * 1000) / 1000,
    });
  }
  return { agents };
}
