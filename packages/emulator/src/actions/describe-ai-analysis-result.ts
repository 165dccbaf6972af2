import { z } from 'zod';
import { ApiError } from '../cloud-api/envelope.js';
import { analysisOf, conversationOf } from '../speech/conversation.js';
import { defineAction, requireInstance } from './action.js';

/** AI analysis of a call: summary (会话小结), mood (情绪分析), intention (意向提取), from its transcript. */
export const describeAiAnalysisResult = defineAction({
  name: 'DescribeAIAnalysisResult',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    SessionId: z.string().min(1),
    StartTime: z.int().nonnegative(),
    EndTime: z.int().nonnegative(),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    const r = ctx.cdrs.get(p.SessionId);
    const started = r ? Math.floor(r.startedAt / 1000) : 0;
    if (!r || started < p.StartTime || started > p.EndTime)
      throw new ApiError(
        'FailedOperation.SessionNotExists',
        `The session \`SessionId\` ${p.SessionId} does not exist in the given time range.`,
      );
    const conversation = conversationOf(r);
    if (!conversation) return { ResultList: [] };
    const a = analysisOf(conversation);
    return {
      ResultList: [
        { Type: 'summary', Result: a.summary },
        { Type: 'mood', Result: a.mood },
        { Type: 'intention', Result: a.intention },
      ],
    };
  },
});
