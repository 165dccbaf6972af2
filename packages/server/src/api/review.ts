import { z } from 'zod';
import { callRecord } from './calls.js';
import { errorResponses, isoString, route, signedIn } from './route.js';

/** One sentence of a call: who said it, and where it sits in the recording (ms from its start). */
export const transcriptLine = z.object({
  speaker: z.enum(['agent', 'customer']),
  startMs: z.number().int(),
  endMs: z.number().int(),
  text: z.string(),
});

export const transcript = z
  .object({ sessionId: z.string(), lines: z.array(transcriptLine) })
  .meta({ id: 'Transcript' });

/** TCCC's AI reading of a call (`DescribeAIAnalysisResult`); null fields when the account has none. */
export const callAnalysis = z
  .object({ summary: z.string().nullable(), mood: z.string().nullable(), intention: z.string().nullable() })
  .meta({ id: 'CallAnalysis' });

export const transcriptHit = z.object({
  sessionId: z.string(),
  startedAt: isoString,
  agent: z.object({ username: z.string(), displayName: z.string() }).nullable(),
  line: transcriptLine,
});

/** The result the agent saved for the call in a list: the disposition as the list names it. */
export const callDisposition = z.object({
  campaignId: z.string(),
  campaignName: z.string(),
  key: z.string(),
  /** The list's label for the key; null when the list no longer offers it. */
  label: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }).nullable(),
});

/** A call on its page: the call as history shows it, with the disposition saved for it in a list. */
export const reviewedCall = callRecord
  .extend({ disposition: callDisposition.nullable() })
  .meta({ id: 'ReviewedCall' });

const sessionParam = z.strictObject({ sessionId: z.string().min(1).max(128) });
const tags = ['review'] as const;

export const reviewRoutes = {
  call: route('GET', '/api/calls/:sessionId', {
    summary: 'One call, for its page (agents: their own seat only)',
    tags,
    security: signedIn,
    params: sessionParam,
    response: { 200: reviewedCall, ...errorResponses },
  }),
  transcript: route('GET', '/api/calls/:sessionId/transcript', {
    summary: "The call's transcript (fetched from TCCC once, then stored)",
    description: "DescribeTelRecordAsr on first request; agents see their own calls' only.",
    tags,
    security: signedIn,
    params: sessionParam,
    response: { 200: transcript, ...errorResponses },
  }),
  analysis: route('GET', '/api/calls/:sessionId/analysis', {
    summary: "TCCC's AI summary, mood and intention of the call",
    tags,
    security: signedIn,
    params: sessionParam,
    response: { 200: callAnalysis, ...errorResponses },
  }),
  search: route('GET', '/api/transcripts/search', {
    summary: 'Calls whose stored transcript holds a phrase (newest first)',
    description: 'Only transcripts already fetched are searched; agents find their own calls only.',
    tags,
    security: signedIn,
    querystring: z.strictObject({
      q: z.string().trim().min(1).max(100),
      speaker: z.enum(['agent', 'customer']).optional(),
    }),
    response: { 200: z.object({ items: z.array(transcriptHit) }), ...errorResponses },
  }),
} as const;
