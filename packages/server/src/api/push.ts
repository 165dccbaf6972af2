import { z } from 'zod';
import { errorBody, route } from './route.js';

/** TCCC's data-push answer: `ErrCode` 0 only once the push is stored; anything else is retried. */
const pushAnswer = z.object({ ErrCode: z.number().int(), ErrMsg: z.string() });

export const pushRoutes = {
  push: route('POST', '/api/tccc/push', {
    summary: "TCCC's data push (CDRs and recordings)",
    description:
      'Called by TCCC, not by people: basic auth with PUSH_BASIC_AUTH, the X-TCCC-PUSH-UUID header, a JSON body. Answers {"ErrCode":0} only after the push is committed.',
    tags: ['tccc'],
    security: [{ pushBasicAuth: [] }],
    querystring: z.object({ action: z.string().optional(), version: z.string().optional() }),
    consumes: ['application/json'],
    response: {
      200: pushAnswer,
      // TCCC reads ErrCode; people and logs read the error. A refusal by the framework (a body over
      // the limit) carries only the error.
      '4xx': errorBody.extend({ ErrCode: z.number().int().optional(), ErrMsg: z.string().optional() }),
      '5xx': errorBody,
    },
  }),
} as const;
