// Data push (数据推送, reference §3.6): POST the CDR (and recordings) to the configured URL with basic
// auth and X-TCCC-PUSH-UUID; retry up to 3 times until the receiver answers {"ErrCode":0}. Duplicates
// and reordering happen on demand (faults), as the real service warns they can.
import { randomUUID } from 'node:crypto';
import type { Faults } from './faults.js';

export type PushAction = 'cdr' | 'record';

export interface PushTarget {
  url: string;
  /** `user:password` for HTTP basic auth. */
  basicAuth?: string | undefined;
}

export interface PushAttempt {
  uuid: string;
  action: PushAction;
  sessionId: string;
  /** 1 for the first delivery, 2–4 for the retries. */
  attempt: number;
  /** Set on deliveries repeated by a `duplicate` fault. */
  duplicate: boolean;
  status: number | null;
  ok: boolean;
  error?: string;
  at: number;
}

export interface DataPushOptions {
  faults: Faults;
  now: () => number;
  retryDelayMs: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  log: (line: string) => void;
}

export const MAX_PUSH_RETRIES = 3;
/** A reordered push waits for the next one, or this long if none comes. */
const REORDER_HOLD_MS = 1000;

export class DataPush {
  private current: PushTarget | undefined;
  private log: PushAttempt[] = [];
  private pending = new Set<Promise<void>>();
  private held: Array<() => void> = [];
  private timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: DataPushOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  configure(target: PushTarget | undefined): void {
    this.current = target ? { ...target } : undefined;
  }

  /** The target without its password. */
  target(): { url: string; basicAuth: boolean } | null {
    return this.current ? { url: this.current.url, basicAuth: Boolean(this.current.basicAuth) } : null;
  }

  attempts(): PushAttempt[] {
    return this.log.map((a) => ({ ...a }));
  }

  /** Queues one push; a no-op when no target is configured. */
  send(action: PushAction, sessionId: string, body: Record<string, unknown>): void {
    const target = this.current;
    if (!target) return;
    const uuid = randomUUID();
    const deliver = (): void =>
      this.track(this.deliver(target, action, sessionId, uuid, JSON.stringify(body)));
    if (this.options.faults.takePush('reorder')) {
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        this.held = this.held.filter((r) => r !== release);
        deliver();
      };
      this.held.push(release);
      this.later(REORDER_HOLD_MS, release);
      return;
    }
    deliver();
  }

  /** Resolves when every queued push has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.pending.size > 0 || this.held.length > 0) {
      if (this.pending.size === 0) await new Promise((r) => setTimeout(r, 20));
      else await Promise.allSettled([...this.pending]);
    }
  }

  /** Forgets the delivery log; pushes already under way carry on. */
  reset(): void {
    this.log = [];
  }

  /** Stops retrying: waiting retries and held pushes are dropped. */
  close(): void {
    this.closed = true;
    for (const [t, fn] of this.timers) {
      clearTimeout(t);
      fn();
    }
    this.timers.clear();
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async deliver(
    target: PushTarget,
    action: PushAction,
    sessionId: string,
    uuid: string,
    body: string,
  ): Promise<void> {
    for (let attempt = 1; attempt <= MAX_PUSH_RETRIES + 1; attempt++) {
      if (this.closed) return;
      const ok = await this.attempt(target, action, sessionId, uuid, body, attempt, false);
      // Anything held back for reordering goes out after this one's first try.
      if (attempt === 1) for (const release of this.held.splice(0)) release();
      if (ok) {
        if (this.options.faults.takePush('duplicate'))
          await this.attempt(target, action, sessionId, uuid, body, attempt, true);
        return;
      }
      if (attempt <= MAX_PUSH_RETRIES)
        await new Promise<void>((r) => this.later(this.options.retryDelayMs * 2 ** (attempt - 1), r));
    }
    this.options.log(`push ${action} ${uuid} given up after ${MAX_PUSH_RETRIES} retries`);
  }

  private async attempt(
    target: PushTarget,
    action: PushAction,
    sessionId: string,
    uuid: string,
    body: string,
    attempt: number,
    duplicate: boolean,
  ): Promise<boolean> {
    const url = new URL(target.url);
    url.searchParams.set('action', action);
    url.searchParams.set('version', '1');
    const headers: Record<string, string> = {
      'content-type': 'application/json;charset=utf8',
      'x-tccc-push-uuid': uuid,
    };
    if (target.basicAuth) headers.authorization = `Basic ${Buffer.from(target.basicAuth).toString('base64')}`;
    const entry: PushAttempt = {
      uuid,
      action,
      sessionId,
      attempt,
      duplicate,
      status: null,
      ok: false,
      at: this.options.now(),
    };
    this.log.push(entry);
    try {
      const res = await this.fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      entry.status = res.status;
      const text = await res.text();
      let errCode: unknown;
      try {
        errCode = (JSON.parse(text) as { ErrCode?: unknown }).ErrCode;
      } catch {
        errCode = undefined;
      }
      entry.ok = res.ok && errCode === 0;
      if (!entry.ok) entry.error = `HTTP ${res.status}, ErrCode ${String(errCode)}`;
      // A `fail` fault loses the receiver's answer: the push is retried even though it arrived.
      if (entry.ok && !duplicate && this.options.faults.takePush('fail')) {
        entry.ok = false;
        entry.error = 'answer lost (fault)';
      }
    } catch (e) {
      entry.error = e instanceof Error ? e.message : String(e);
    }
    return entry.ok;
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.set(t, fn);
  }
}
