import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { callEvent } from '../api/calls.js';
import type { Database } from '../db/schema.js';
import type { SessionUser } from '../http/core-plugin.js';
import type { BoardHub } from './board-hub.js';
import { applyCallEnded, applyCallEvent, applyStatus, type StatusReport } from './board-row.js';

/**
 * What the rest of the server tells the board: a browser's call event or status change, and TCCC's
 * word that a call is over. Best effort: the board is a view, so a failure here (Redis away) is
 * reported to `onError` and never fails the request that carried the event.
 */
export interface BoardFeed {
  callEvent(user: SessionUser, event: z.output<typeof callEvent>): void;
  status(user: SessionUser, report: StatusReport): void;
  /** A CDR for `sessionId` was stored: the call is over, whoever's row holds it. */
  callEnded(sessionId: string): void;
}

export function createBoardFeed(o: {
  hub: BoardHub;
  db: Kysely<Database>;
  now(): number;
  onError(error: unknown): void;
  /** After-call work allowed outside a list (`WRAP_UP_SECONDS`); 0: no limit. */
  wrapUpSeconds?: number | undefined;
}): BoardFeed {
  const owner = (u: SessionUser) => ({ username: u.username, displayName: u.displayName });
  const run = (work: Promise<unknown>) => void work.catch(o.onError);
  return {
    callEvent: (user, event) => run(o.hub.update(user.username, applyCallEvent(owner(user), event, o.now()))),
    status: (user, report) =>
      run(
        (async () => {
          const at = o.now();
          const limit =
            report.status === 'arrange' ? await wrapUpLimit(o.db, user.username, o.wrapUpSeconds ?? 0) : null;
          await o.hub.update(user.username, applyStatus(owner(user), report, at, limit));
        })(),
      ),
    callEnded: (sessionId) =>
      run(
        (async () => {
          const call = await o.db
            .selectFrom('calls')
            .select('agent_username')
            .where('session_id', '=', sessionId)
            .executeTakeFirst();
          if (call?.agent_username) await o.hub.update(call.agent_username, applyCallEnded(sessionId));
        })(),
      ),
  };
}

/**
 * How long the agent's after-call work may last: the wrap-up time of the list whose entry the agent
 * still holds (the entry closes when the result is saved, at the end of the work), else the
 * deployment's; null when that is 0.
 */
async function wrapUpLimit(db: Kysely<Database>, username: string, deployment: number) {
  const list = await db
    .selectFrom('campaign_entries')
    .innerJoin('campaigns', 'campaigns.id', 'campaign_entries.campaign_id')
    .select('campaigns.wrap_up_seconds')
    .where('campaign_entries.claimed_by', '=', username)
    .where('campaign_entries.status', '=', 'claimed')
    .orderBy('campaign_entries.claimed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seconds = list?.wrap_up_seconds ?? deployment;
  return seconds > 0 ? seconds : null;
}
