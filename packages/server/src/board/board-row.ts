import type { z } from 'zod';
import type { agentStatusKeys } from '../api/agent-status.js';
import type { boardStatus } from '../api/board.js';
import type { callEvent } from '../api/calls.js';
import type { BoardAgent, RowChange } from './board-hub.js';

export type BoardStatus = z.output<typeof boardStatus>;
type CallEvent = z.output<typeof callEvent>;
/** A status the browser reported (`POST /api/agent-status`), with the moment it was seen. */
export interface StatusReport {
  status: (typeof agentStatusKeys)[number];
  reason?: string | undefined;
  /** ISO time the browser saw it (the server's clock when the browser gave none). */
  at: string;
}

/** Who the row is about: the board names agents by username and display name, never by seat. */
export interface RowOwner {
  username: string;
  displayName: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A row for an agent the board has not heard of yet. */
export function emptyRow(owner: RowOwner, at: number): BoardAgent {
  return {
    ...owner,
    status: 'offline',
    statusSince: iso(at),
    restReason: null,
    call: null,
    wrapUpSeconds: null,
  };
}

function withStatus(row: BoardAgent, status: BoardStatus, at: number, restReason: string | null): BoardAgent {
  if (row.status === status && row.restReason === restReason) return row;
  // A new status starts without the after-call work limit; `applyStatus` sets it for after-call work.
  return { ...row, status, statusSince: iso(at), restReason, wrapUpSeconds: null };
}

/**
 * What a browser call event does to the row: a call starts, rings, connects, or ends. An event older
 * than the row's current call phase (a late beacon) changes nothing.
 */
export function applyCallEvent(owner: RowOwner, event: CallEvent, now: number): RowChange {
  return (before) => {
    const row = { ...(before ?? emptyRow(owner, now)), ...owner };
    const at = Math.min(event.at, now);
    const current = row.call;
    if (event.event === 'ended') {
      if (current === null || current.sessionId !== event.sessionId)
        return before === undefined ? row : undefined;
      return { ...row, call: null };
    }
    if (current !== null && current.sessionId === event.sessionId && Date.parse(current.phaseAt) > at)
      return undefined;
    const phase = event.event;
    const startedAt = current?.sessionId === event.sessionId ? current.startedAt : iso(at);
    const busy = withStatus(row, 'busy', at, null);
    return {
      ...busy,
      call: {
        sessionId: event.sessionId,
        phase,
        direction: event.direction ?? current?.direction ?? 'outbound',
        callee: event.callee ?? current?.callee ?? '',
        startedAt,
        phaseAt: iso(at),
      },
    };
  };
}

/** The SDK's status names as the board shows them (TCCC's metrics call `arrange` `afterCallWork`). */
export function boardStatusOf(status: StatusReport['status']): BoardStatus {
  return status === 'arrange' ? 'afterCallWork' : status;
}

/**
 * What the browser's status report does to the row; `wrapUpSeconds` is the limit of after-call work
 * that begins with this report (null: none).
 */
export function applyStatus(
  owner: RowOwner,
  report: StatusReport,
  now: number,
  wrapUpSeconds: number | null = null,
): RowChange {
  return (before) => {
    const row = { ...(before ?? emptyRow(owner, now)), ...owner };
    const at = Math.min(Date.parse(report.at), now);
    // A report that left the browser before the row's current status began is late: it changes nothing.
    if (before !== undefined && Date.parse(before.statusSince) > at) return undefined;
    const status = boardStatusOf(report.status);
    const changed = withStatus(row, status, at, status === 'rest' ? (report.reason ?? null) : null);
    const next =
      status === 'afterCallWork' && changed !== row && wrapUpSeconds !== null
        ? { ...changed, wrapUpSeconds }
        : changed;
    // Free, resting or offline, the seat is on no call any more.
    return status === 'busy' ? next : { ...next, call: null };
  };
}

/** TCCC's data push says the call is over: the row's call, if it is this one, ends. */
export function applyCallEnded(sessionId: string): RowChange {
  return (before) =>
    before === undefined || before.call?.sessionId !== sessionId ? undefined : { ...before, call: null };
}

/** One seat in `DescribeStaffStatusMetrics`: TCCC's word on the status wins over what browsers said. */
export interface StaffMetric {
  status: BoardStatus;
  /** Unix ms the status began (0: unknown). */
  since: number;
  reason: string | null;
}

/**
 * `readAt` is when the metrics were asked for: a row that changed since (a browser event that overtook
 * the answer) is newer than TCCC's word and stays.
 */
export function applyMetric(owner: RowOwner, metric: StaffMetric, readAt: number, now: number): RowChange {
  return (before) => {
    const row = { ...(before ?? emptyRow(owner, now)), ...owner };
    const changedAt = Math.max(
      Date.parse(row.statusSince),
      row.call === null ? 0 : Date.parse(row.call.phaseAt),
    );
    if (before !== undefined && changedAt >= readAt) return undefined;
    const restReason = metric.status === 'rest' ? metric.reason : null;
    if (row.status === metric.status && row.restReason === restReason)
      return before === undefined ? row : undefined;
    const since = metric.since > 0 ? metric.since : now;
    const next = {
      ...row,
      status: metric.status,
      statusSince: iso(since),
      restReason,
      wrapUpSeconds: metric.status === 'afterCallWork' ? row.wrapUpSeconds : null,
    };
    // A seat TCCC sees free, resting or offline holds no call, whatever a lost event left behind; but
    // a seat being rung by an inbound call stays free in TCCC's list until it answers.
    const ringing = row.call?.phase === 'ringing' && row.call.direction === 'inbound';
    return metric.status === 'busy' || ringing ? next : { ...next, call: null };
  };
}
