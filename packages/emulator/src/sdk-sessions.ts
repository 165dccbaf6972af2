// The browser SDKs logged in right now, one queue of events each, read by a long poll. A page that
// closes aborts its poll and stops counting; one silent for a minute is forgotten.
import { randomUUID } from 'node:crypto';

export interface SdkEvent {
  name: string;
  payload: Record<string, unknown>;
  at: number;
}

interface SdkSession {
  id: string;
  seatUserId: string;
  queue: SdkEvent[];
  /** Ends the pending long poll, if any. */
  wake?: () => void;
  /** When the last poll ended (0: the page went away). */
  lastSeen: number;
}

/** Not polling for this long: a closed page; it no longer counts as a receiver. */
const SESSION_GONE_MS = 2000;
/** Not polling for this long: forgotten. */
const SESSION_DROP_MS = 60_000;

export class SdkSessions {
  private sessions = new Map<string, SdkSession>();

  /** A browser SDK logged in for this seat; it receives the seat's events from now on. */
  open(seatUserId: string): string {
    const id = randomUUID();
    this.sessions.set(id, { id, seatUserId, queue: [], lastSeen: Date.now() });
    return id;
  }

  seatOf(sessionId: string): string | undefined {
    return this.sessions.get(sessionId)?.seatUserId;
  }

  /**
   * Resolves with the queued events at once, or waits up to `waitMs` for the next one; `undefined` for an
   * unknown session. An aborted poll (the page closed) marks the SDK as gone.
   */
  async poll(sessionId: string, waitMs: number, aborted?: AbortSignal): Promise<SdkEvent[] | undefined> {
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;
    if (session.queue.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done(): void {
          clearTimeout(timer);
          aborted?.removeEventListener('abort', done);
          resolve();
        }
        aborted?.addEventListener('abort', done);
        session.wake?.(); // a newer poll replaces an older one
        session.wake = done;
      });
      delete session.wake;
    }
    session.lastSeen = aborted?.aborted ? 0 : Date.now();
    return aborted?.aborted ? [] : session.queue.splice(0);
  }

  /** Queues the event for every SDK of the seat; returns how many of them are open right now. */
  deliver(seatUserId: string, event: SdkEvent): number {
    let open = 0;
    const now = Date.now();
    for (const s of [...this.sessions.values()]) {
      const idle = s.wake ? 0 : now - s.lastSeen;
      if (idle > SESSION_DROP_MS) {
        this.sessions.delete(s.id);
        continue;
      }
      if (s.seatUserId !== seatUserId) continue;
      s.queue.push(event);
      s.wake?.();
      if (idle <= SESSION_GONE_MS) open++;
    }
    return open;
  }

  /** How many SDKs of the seat are open right now (polling, or polled within the last moments). */
  openCount(seatUserId: string): number {
    const now = Date.now();
    let open = 0;
    for (const s of this.sessions.values())
      if (s.seatUserId === seatUserId && (s.wake || now - s.lastSeen <= SESSION_GONE_MS)) open++;
    return open;
  }

  /** Logs every SDK out: their next poll answers "not logged in". */
  reset(): void {
    for (const s of this.sessions.values()) s.wake?.();
    this.sessions.clear();
  }
}
