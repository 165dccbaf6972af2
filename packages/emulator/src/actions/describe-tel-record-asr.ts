import { z } from 'zod';
import { ApiError } from '../cloud-api/envelope.js';
import { conversationOf } from '../speech/conversation.js';
import { defineAction, requireInstance } from './action.js';

/** The call's transcript, both sides, sentence by sentence (reference §8.3). */
export const describeTelRecordAsr = defineAction({
  name: 'DescribeTelRecordAsr',
  params: z.strictObject({
    SdkAppId: z.int().positive(),
    SessionId: z.string().min(1),
  }),
  run(p, ctx) {
    requireInstance(ctx, p.SdkAppId);
    const r = ctx.cdrs.get(p.SessionId);
    if (!r)
      throw new ApiError('ResourceNotFound', `The session \`SessionId\` ${p.SessionId} does not exist.`);
    const conversation = conversationOf(r);
    // `User` names the side speaking: the seat's e-mail, or the customer (their user ID when masked).
    const customer = ctx.cdrs.customerShown(r);
    return {
      AsrDataList: (conversation?.lines ?? []).map((l) => ({
        User: l.speaker === 'customer' ? customer : (l.seatUserId ?? ''),
        Message: l.text,
        Start: l.start,
        End: l.end,
      })),
    };
  },
});
