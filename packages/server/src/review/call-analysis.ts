import { z } from 'zod';
import type { callAnalysis } from '../api/review.js';
import { isServerError } from '../errors.js';
import type { UpstreamRequest } from '../records/cdr-api.js';

type CallAnalysis = z.output<typeof callAnalysis>;

const analysisAnswer = z.looseObject({
  ResultList: z.array(z.looseObject({ Type: z.string(), Result: z.string() })).default([]),
});

const none: CallAnalysis = { summary: null, mood: null, intention: null };

/**
 * TCCC's AI reading of a call (`DescribeAIAnalysisResult`): summary, mood and intention. An account
 * without the feature, or a call TCCC has no analysis for, answers all null: nothing to show, not an
 * error for the person reviewing the call.
 */
export async function analysisOf(
  upstream: UpstreamRequest,
  sdkAppId: number,
  call: { sessionId: string; startedAt: string; endedAt: string | null },
  now: number,
): Promise<CallAnalysis> {
  const started = Math.floor(Date.parse(call.startedAt) / 1000);
  const ended = Math.floor((call.endedAt === null ? now : Date.parse(call.endedAt)) / 1000);
  let answer: unknown;
  try {
    answer = await upstream.request('DescribeAIAnalysisResult', {
      SdkAppId: sdkAppId,
      SessionId: call.sessionId,
      StartTime: started - 60,
      EndTime: ended + 60,
    });
  } catch (error) {
    if (isServerError(error) && error.code === 'UPSTREAM_REJECTED') return none;
    throw error;
  }
  const results = analysisAnswer.parse(answer).ResultList;
  const of = (type: string) => results.find((r) => r.Type === type)?.Result ?? null;
  return { summary: of('summary'), mood: of('mood'), intention: of('intention') };
}
