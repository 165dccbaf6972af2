import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import { agentStatusKeys, type agentStatusSummary } from '../api/agent-status.js';
import type { AgentStatusChangesTable, Database } from '../db/schema.js';

type Status = AgentStatusChangesTable['status'];
export type AgentStatusSummary = z.output<typeof agentStatusSummary>;

type Change = { username: string; status: Status; reason: string | null; at: number };

const insertChange = (db: Kysely<Database>, change: Change) =>
  db
    .insertInto('agent_status_changes')
    .values({ id: randomUUID(), ...change })
    .execute();

/**
 * The agent's last status, after closing it as `offline` at last-heard + `staleMs` when the browser
 * was silent longer than that (it vanished without saying so); notes that it is heard from at `at`.
 */
async function heardFrom(
  db: Kysely<Database>,
  username: string,
  at: number,
  staleMs: number,
): Promise<{ last: Pick<Change, 'status' | 'reason'> | undefined; vanished: boolean }> {
  const last = await db
    .selectFrom('agent_status_changes')
    .select(['status', 'reason', 'at'])
    .where('username', '=', username)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seen = await db
    .selectFrom('agent_status_seen')
    .select('at')
    .where('username', '=', username)
    .executeTakeFirst();
  await db
    .insertInto('agent_status_seen')
    .values({ username, at })
    .onConflict((oc) => oc.column('username').doUpdateSet({ at }).where('agent_status_seen.at', '<', at))
    .execute();
  const heard = Math.max(Number(seen?.at ?? 0), Number(last?.at ?? 0));
  if (!last || last.status === 'offline' || at - heard <= staleMs) return { last, vanished: false };
  await insertChange(db, { username, status: 'offline', reason: null, at: heard + staleMs });
  return { last: { status: 'offline', reason: null }, vanished: true };
}

/**
 * Keeps an agent's status change; the same status (and reason) again is no change. A browser silent
 * longer than `staleMs` before it stopped counting then (offline from last-heard + `staleMs`).
 */
export async function recordStatus(db: Kysely<Database>, change: Change, staleMs: number): Promise<void> {
  const { last } = await heardFrom(db, change.username, change.at, staleMs);
  if (last && last.status === change.status && last.reason === change.reason) return;
  await insertChange(db, change);
}

/**
 * The agent's browser is still there (its heartbeat). After a silence longer than `staleMs` the
 * status it last reported counts again from now.
 */
export async function recordAlive(
  db: Kysely<Database>,
  username: string,
  at: number,
  staleMs: number,
): Promise<void> {
  const before = await db
    .selectFrom('agent_status_changes')
    .select(['status', 'reason'])
    .where('username', '=', username)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const { vanished } = await heardFrom(db, username, at, staleMs);
  if (vanished && before) await insertChange(db, { username, at, ...before });
}

const zeroSeconds = () => Object.fromEntries(agentStatusKeys.map((k) => [k, 0])) as Record<Status, number>;

/**
 * Time in each status per agent over [from, to): each status lasts until the next change, the one
 * still open until now. Occupancy is (talk + after-call work) / signed-in time, as TCCC's own
 * supervisor figures read it.
 */
export async function summariseStatuses(
  db: Kysely<Database>,
  window: { from: number; to: number; now: number; staleMs: number },
): Promise<AgentStatusSummary> {
  const { from, to } = window;
  // When each agent was last heard from: a status still open ends a bounded time after it.
  const seen = new Map(
    (await db.selectFrom('agent_status_seen').select(['username', 'at']).execute()).map((r) => [
      r.username,
      Number(r.at),
    ]),
  );
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
      const following = next && next.username === username ? next : undefined;
      const heard = Math.max(seen.get(username) ?? 0, Number(row.at));
      const vanished = !following && row.status !== 'offline' && window.now - heard > window.staleMs;
      const end = following
        ? Math.min(Number(following.at), to)
        : vanished
          ? Math.min(heard + window.staleMs, openUntil)
          : openUntil;
      const span = Math.max(0, end - start);
      ms[row.status] += span;
      if (row.status === 'rest' && span > 0) {
        const reason = row.reason ?? '';
        restMs[reason] = (restMs[reason] ?? 0) + span;
      }
      current = vanished ? 'offline' : row.status;
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
