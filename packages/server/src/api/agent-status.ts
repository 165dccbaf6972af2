import { z } from 'zod';
import { disposition } from './campaigns.js';
import { errorResponses, isoInstant, ok, route, signedIn, supervisorOnly } from './route.js';

/** TCCC's agent statuses (`tccc.Agent.setStatus` / `statusChanged`); `arrange` is after-call work. */
export const agentStatusKeys = ['free', 'busy', 'arrange', 'notReady', 'rest', 'offline'] as const;

export const agentStatusReport = z
  .strictObject({
    status: z.enum(agentStatusKeys),
    /** The rest reason the agent picked (one of the deployment's list), with `rest` only. */
    reason: z.string().min(1).max(40).optional(),
    /** When the browser saw it: the live board keeps the newest of reports that arrive out of order. */
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((r) => r.reason === undefined || r.status === 'rest', { message: 'a reason goes with rest only' })
  .meta({ id: 'AgentStatusReport' });

const seconds = z.number().int().min(0);

/** One agent's day: seconds in each status, rest by reason, and occupancy. */
export const agentStatusTime = z
  .object({
    username: z.string(),
    displayName: z.string(),
    /** The status now (the last one reported). */
    current: z.enum(agentStatusKeys),
    seconds: z.object(
      Object.fromEntries(agentStatusKeys.map((k) => [k, seconds])) as Record<
        (typeof agentStatusKeys)[number],
        typeof seconds
      >,
    ),
    restByReason: z.record(z.string(), seconds),
    /** Every status but offline. */
    signedInSeconds: seconds,
    /** (talk + after-call work) / signed-in time, 0–1; 0 when never signed in. */
    occupancy: z.number().min(0).max(1),
  })
  .meta({ id: 'AgentStatusTime' });

export const agentStatusSummary = z
  .object({ agents: z.array(agentStatusTime) })
  .meta({ id: 'AgentStatusSummary' });

export const agentSettings = z
  .object({
    /** The rest reasons an agent picks from (`AGENT_REST_REASONS`). */
    restReasons: z.array(z.string()),
    /** After-call work after a call outside a list (`WRAP_UP_SECONDS`); 0: none. A list has its own. */
    wrapUpSeconds: z.number().int().min(0),
    /** The dispositions of a call outside a list (`CALL_DISPOSITIONS`); a list has its own. */
    dispositions: z.array(disposition),
  })
  .meta({ id: 'AgentSettings' });

const tags = ['agent status'] as const;

export const agentStatusRoutes = {
  report: route('POST', '/api/agent-status', {
    summary: "The signed-in agent's status changed (as TCCC's statusChanged said); the server keeps the time",
    tags,
    security: signedIn,
    body: agentStatusReport,
    response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
  }),
  settings: route('GET', '/api/agent-status/settings', {
    summary: "The deployment's rest reasons and after-call work time",
    tags,
    security: signedIn,
    response: { 200: agentSettings, ...errorResponses },
  }),
  summary: route('GET', '/api/agent-status/summary', {
    summary: 'Time in each status per agent over [from, to), and occupancy',
    tags,
    security: supervisorOnly,
    querystring: z.strictObject({ from: isoInstant, to: isoInstant }),
    response: { 200: agentStatusSummary, ...errorResponses },
  }),
  alive: route('POST', '/api/agent-status/alive', {
    summary:
      "The signed-in agent's browser is still there (sent every 60 s); an agent silent longer than AGENT_STATUS_STALE_SECONDS stops counting",
    tags,
    security: signedIn,
    body: z.strictObject({}),
    response: { 200: ok, ...errorResponses },
  }),
  disposition: route('PUT', '/api/calls/:sessionId/disposition', {
    summary: "Set the disposition of one of the seat's calls outside a list (null clears it)",
    tags,
    security: signedIn,
    params: z.strictObject({ sessionId: z.string().min(1).max(128) }),
    body: z.strictObject({ disposition: z.string().min(1).max(40).nullable() }),
    response: { 200: ok, ...errorResponses },
  }),
} as const;
