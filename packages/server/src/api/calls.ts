import { z } from 'zod';
import { outcomeKeys } from './outcomes.js';
import {
  csvFile,
  errorResponses,
  isoInstant,
  isoString,
  ok,
  page,
  pageQuery,
  route,
  signedIn,
  supervisorOnly,
} from './route.js';

/** A call as the workbench and integrators see it. */
export const callRecord = z
  .object({
    sessionId: z.string(),
    direction: z.enum(['outbound', 'inbound']),
    agent: z.object({ username: z.string(), displayName: z.string() }).nullable(),
    seatUserId: z.string(),
    callee: z.string(),
    caller: z.string(),
    startedAt: isoString,
    ringAt: isoString.nullable(),
    acceptedAt: isoString.nullable(),
    endedAt: isoString.nullable(),
    talkSeconds: z.number(),
    outcome: z.enum(outcomeKeys),
    endStatus: z.number().int().nullable(),
    endStatusString: z.string().nullable(),
    hungUpSide: z.enum(['seat', 'user', 'system']).nullable(),
    hasRecording: z.boolean(),
    note: z.string().nullable(),
    sources: z.object({ browser: z.boolean(), push: z.boolean(), sync: z.boolean() }),
    /** Present (true) when TCCC recorded an outbound call that carried no granted permit. */
    unpermitted: z.literal(true).optional(),
    /** The disposition the agent chose after a call outside a list, when one was saved. */
    disposition: z.string().optional(),
    /** Present when the call was handed from one seat to another (blind transfer), in order. */
    transfers: z
      .array(
        z.object({
          from: z.object({ seatUserId: z.string(), displayName: z.string() }),
          to: z.object({ seatUserId: z.string(), displayName: z.string() }),
          at: isoString,
        }),
      )
      .optional(),
  })
  .meta({ id: 'CallRecord' });

export const callEventName = z.enum(['dialing', 'ringing', 'connected', 'ended']);

/** What the browser saw of a call, as it happened. */
export const callEvent = z.strictObject({
  sessionId: z.string().min(1).max(128),
  event: callEventName,
  /** ISO instant. */
  at: isoInstant,
  callee: z.string().max(64).optional(),
  caller: z.string().max(64).optional(),
  closeBy: z.string().max(32).optional(),
  uui: z.string().max(1024).optional(),
  direction: z.enum(['outbound', 'inbound']).optional(),
});

/** History filters: the query of GET /api/calls and /api/calls/export.csv. */
export const callFilters = z.strictObject({
  /** ISO instant, inclusive. */
  from: isoInstant.optional(),
  /** ISO instant, exclusive. */
  to: isoInstant.optional(),
  outcome: z.enum(outcomeKeys).optional(),
  /** Customer number, any format: compared after normalisation. */
  phone: z
    .string()
    .regex(/^\+?[\d\s-]{3,24}$/)
    .optional(),
  /** Username whose seat's calls to list (supervisors only). */
  agent: z.string().min(1).max(64).optional(),
});

export const callStats = z
  .object({
    perHour: z.array(z.object({ hour: z.string(), calls: z.number(), answered: z.number() })),
    answerRate: z.number(),
    averageTalkSeconds: z.number(),
    /** Outbound calls in the range that TCCC recorded without a granted permit. */
    unpermitted: z.number().optional(),
    perAgent: z.array(
      z.object({
        username: z.string(),
        displayName: z.string(),
        calls: z.number(),
        answered: z.number(),
        talkSeconds: z.number(),
      }),
    ),
  })
  .meta({ id: 'CallStats' });

/**
 * One participant's own recording of a call (TCCC records each party apart from the mix). The
 * customer's is named by its side only: never by the number.
 */
export const participantRecording = z
  .object({
    recordId: z.string(),
    side: z.enum(['agent', 'customer']),
    /** The seat whose voice it holds; null for the customer's. */
    agent: z.object({ seatUserId: z.string(), displayName: z.string() }).nullable(),
  })
  .meta({ id: 'ParticipantRecording' });

const sessionParam = z.strictObject({ sessionId: z.string().min(1).max(128) });
const recordingParam = z.strictObject({
  sessionId: z.string().min(1).max(128),
  recordId: z.string().min(1).max(256),
});
const tags = ['calls'] as const;

export const callsRoutes = {
  postEvent: route('POST', '/api/calls/events', {
    summary: "Record what the browser saw of one of the seat's calls",
    description: "JSON, or the same JSON as text/plain from navigator.sendBeacon. TCCC's CDR wins over it.",
    tags,
    security: signedIn,
    consumes: ['application/json', 'text/plain'],
    body: callEvent,
    response: { 202: ok, ...errorResponses },
  }),
  list: route('GET', '/api/calls', {
    summary: 'Call history, newest first (agents: their own seat; supervisors: everyone)',
    tags,
    security: signedIn,
    querystring: callFilters.extend(pageQuery),
    response: { 200: page(callRecord), ...errorResponses },
  }),
  exportCsv: route('GET', '/api/calls/export.csv', {
    summary: "The filtered history as CSV (UTF-8 with BOM, headers in the caller's language)",
    tags,
    security: signedIn,
    querystring: callFilters,
    produces: ['text/csv'],
    response: { 200: csvFile('The calls'), ...errorResponses },
  }),
  recording: route('GET', '/api/calls/:sessionId/recording', {
    summary: "Redirect to the call's recording (a fresh signed link from TCCC)",
    tags,
    security: signedIn,
    params: sessionParam,
    response: { 302: z.null().describe('Location: the signed recording URL'), ...errorResponses },
  }),
  participantRecordings: route('GET', '/api/calls/:sessionId/recordings', {
    summary: "The call's recordings of each participant alone, besides the mixed one",
    description:
      'The seats from the CDR (`ServeParticipants[].RecordId`) and the record push, then the customer (from the record push).',
    tags,
    security: signedIn,
    params: sessionParam,
    response: { 200: z.object({ items: z.array(participantRecording) }), ...errorResponses },
  }),
  participantRecording: route('GET', '/api/calls/:sessionId/recordings/:recordId', {
    summary: "Redirect to one participant's recording (a signed link from TCCC)",
    tags,
    security: signedIn,
    params: recordingParam,
    response: { 302: z.null().describe('Location: the signed recording URL'), ...errorResponses },
  }),
  note: route('PUT', '/api/calls/:sessionId/note', {
    summary: "Set the note on one of the seat's calls",
    tags,
    security: signedIn,
    params: sessionParam,
    body: z.strictObject({ note: z.string().max(2000) }),
    response: { 200: ok, ...errorResponses },
  }),
  stats: route('GET', '/api/stats', {
    summary: 'Dashboard figures over calls started in [from, to)',
    tags,
    security: supervisorOnly,
    querystring: z.strictObject({ from: isoInstant, to: isoInstant }),
    response: { 200: callStats, ...errorResponses },
  }),
} as const;
