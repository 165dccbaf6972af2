import { z } from 'zod';
import { errorResponses, isoString, route, supervisorOnly } from './route.js';

/** A seat's status as TCCC names it (`DescribeStaffStatusMetrics`); the SDK's `arrange` is `afterCallWork`. */
export const boardStatus = z.enum(['free', 'busy', 'rest', 'notReady', 'afterCallWork', 'offline']);

/** The call an agent is on, as the agent's own screen shows it (a protected number stays an ID). */
export const boardCall = z.object({
  sessionId: z.string(),
  phase: z.enum(['dialing', 'ringing', 'connected']),
  direction: z.enum(['outbound', 'inbound']),
  /** The customer as the agent sees them: the number, or the customer ID under number protection. */
  callee: z.string(),
  /** When the call started (dialling, or offered). */
  startedAt: isoString,
  /** When the current phase began. */
  phaseAt: isoString,
});

/** One agent's row on the supervisor's board. */
export const boardAgent = z
  .object({
    username: z.string(),
    displayName: z.string(),
    status: boardStatus,
    /** When the current status began. */
    statusSince: isoString,
    restReason: z.string().nullable(),
    call: boardCall.nullable(),
    /**
     * In after-call work: the seconds it may last (the list's wrap-up time when the agent holds one of
     * its entries, else the deployment's `WRAP_UP_SECONDS`); past them the board highlights the row.
     * Null in any other status, or when no limit applies.
     */
    wrapUpSeconds: z.number().int().min(0).nullable(),
  })
  .meta({ id: 'BoardAgent' });

/** A call list's progress, for the board. */
export const boardList = z.object({
  campaignId: z.string(),
  name: z.string(),
  /** Entries not closed yet (pending or claimed). */
  remaining: z.number().int(),
  dialledThisHour: z.number().int(),
  /** Answered attempts over all attempts (0..1). */
  contactRate: z.number(),
  /**
   * When the list would run out at this hour's dial rate (remaining entries over dials per hour so
   * far this hour); null when nothing is left or nothing was dialled this hour.
   */
  projectedFinish: isoString.nullable(),
});

/** The floor's figures besides the agents: lists, this hour against the usual, TCCC's queue. */
export const boardFloor = z
  .object({
    at: isoString,
    lists: z.array(boardList),
    thisHour: z.object({ calls: z.number().int(), answered: z.number().int() }),
    /** The same hour of the day, averaged over the previous 7 days. */
    usualHour: z.object({ calls: z.number(), answered: z.number() }),
    /** TCCC's inbound calls not yet ended (`DescribeCallInMetrics`); null until it has answered. */
    queue: z
      .object({ queued: z.number().int(), ringing: z.number().int(), connected: z.number().int() })
      .nullable(),
  })
  .meta({ id: 'BoardFloor' });

/**
 * The events of `GET /api/board/events` (`event:` names the variant, `data:` is the JSON):
 * `snapshot` first on every connection (so a reconnect resumes without a reload), then `agent` per
 * change, `floor` every few seconds, and `stale`/`live` when this replica loses or regains the feed.
 */
export const boardEvents = {
  snapshot: z.object({ agents: z.array(boardAgent), floor: boardFloor }),
  agent: boardAgent,
  floor: boardFloor,
  stale: z.object({ reason: z.string() }),
  live: z.object({}),
} as const;

const tags = ['board'] as const;

export const boardRoutes = {
  events: route('GET', '/api/board/events', {
    summary: "The supervisor's live board as Server-Sent Events",
    description:
      'event: snapshot (everything, first on each connection), agent (one row changed), floor (lists, this hour, queue), stale / live (this replica lost / regained the shared feed); a comment line every 15 s keeps proxies from closing it.',
    tags,
    security: supervisorOnly,
    produces: ['text/event-stream'],
    response: {
      200: { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } },
      ...errorResponses,
    },
  }),
  snapshot: route('GET', '/api/board', {
    summary: "The supervisor's board as it stands",
    tags,
    security: supervisorOnly,
    response: { 200: boardEvents.snapshot, ...errorResponses },
  }),
  monitor: route('POST', '/api/board/monitor', {
    summary: "A single-use link into TCCC's own live-call monitor, for the supervisor's seat",
    description:
      "CreateAdminURL for the signed-in supervisor's seat: the link works once and lives 5 minutes. Agents are refused. MONITOR_UNAVAILABLE when TCCC does not offer it to this seat or edition.",
    tags,
    security: supervisorOnly,
    body: z.strictObject({ sessionId: z.string().min(1).max(128).optional() }),
    response: { 200: z.object({ url: z.string() }), ...errorResponses },
  }),
} as const;
