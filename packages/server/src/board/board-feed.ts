import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { statusReport } from '../api/board.js';
import type { callEvent } from '../api/calls.js';
import type { Database } from '../db/schema.js';
import type { SessionUser } from '../http/core-plugin.js';
import type { BoardHub } from './board-hub.js';
import { applyCallEnded, applyCallEvent, applyStatus } from './board-row.js';

/**
 * What the rest of the server tells the board: a browser's call event or status change, and TCCC's
 * word that a call is over. Best effort: the board is a view, so a failure here (Redis away) is
 * reported to `onError` and never fails the request that carried the event.
 */
export interface BoardFeed {
  callEvent(user: SessionUser, event: z.output<typeof callEvent>): void;
  status(user: SessionUser, report: z.output<typeof statusReport>): void;
  /** A CDR for `sessionId` was stored: the call is over, whoever's row holds it. */
  callEnded(sessionId: string): void;
}

export function createBoardFeed(o: {
  hub: BoardHub;
  db: Kysely<Database>;
  now(): number;
  onError(error: unknown): void;
}): BoardFeed {
  const owner = (u: SessionUser) => ({ username: u.username, displayName: u.displayName });
  const run = (work: Promise<unknown>) => void work.catch(o.onError);
  return {
    callEvent: (user, event) => run(o.hub.update(user.username, applyCallEvent(owner(user), event, o.now()))),
    status: (user, report) => run(o.hub.update(user.username, applyStatus(owner(user), report, o.now()))),
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
