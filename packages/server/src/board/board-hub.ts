import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import type { boardAgent } from '../api/board.js';

export type BoardAgent = z.output<typeof boardAgent>;

/** What a replica hears from the shared board: a changed row, or that the feed was lost / is back. */
export type BoardHubEvent =
  | { type: 'agent'; agent: BoardAgent }
  | { type: 'stale'; reason: string }
  | { type: 'live' };

/** A change to one agent's row: the next row, or undefined to leave it as it is. */
export type RowChange = (row: BoardAgent | undefined) => BoardAgent | undefined;

/**
 * The board's rows and their fan-out: every replica's changes reach every replica's boards. In one
 * process it is a map and an emitter (`localBoardHub`); with Redis a hash and a pub/sub channel
 * (`redisBoardHub`), so a board on any replica sees agents on all of them.
 */
export interface BoardHub {
  /** Applies `change` to the row of `username` and, when it changed, tells every subscriber. */
  update(username: string, change: RowChange): Promise<void>;
  /** Every stored row (agents never seen are not among them). */
  rows(): Promise<BoardAgent[]>;
  /** Hears changes from every replica, and `stale`/`live` when this replica loses or regains them. */
  subscribe(listener: (event: BoardHubEvent) => void): () => void;
  close(): Promise<void>;
}

/** Rows are compared as JSON: an update that changes nothing is not sent. */
export const sameRow = (a: BoardAgent | undefined, b: BoardAgent) =>
  a !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** The board of one replica alone (no `REDIS_URL`). */
export function localBoardHub(): BoardHub {
  const rows = new Map<string, BoardAgent>();
  const events = new EventEmitter<{ event: [BoardHubEvent] }>();
  events.setMaxListeners(0);
  return {
    async update(username, change) {
      const before = rows.get(username);
      const next = change(before);
      if (next === undefined || sameRow(before, next)) return;
      rows.set(username, next);
      events.emit('event', { type: 'agent', agent: next });
    },
    async rows() {
      return [...rows.values()];
    },
    subscribe(listener) {
      events.on('event', listener);
      return () => events.off('event', listener);
    },
    async close() {
      events.removeAllListeners();
    },
  };
}
