import { z } from 'zod';
import { errorBody, route } from './route.js';

/** TCCC's request: one or more keys and which way to map them. */
export const mappingRequest = z.strictObject({
  Numbers: z.array(z.string().min(1).max(64)).min(1).max(100),
  Mode: z.enum(['PhoneToUID', 'UIDToPhone']),
});

/**
 * TCCC's answer: `Code` 0 and one `{Key, Value}` per key; any other `Code` is a refusal (the gate's
 * codes in docs/errors.md), with our error envelope for people reading logs.
 */
const mappingAnswer = z.object({
  Code: z.number().int(),
  Results: z.array(z.object({ Key: z.string(), Value: z.string() })),
  error: errorBody.shape.error.optional(),
});

export const numberMappingRoutes = {
  mapping: route('POST', '/api/tccc/number-mapping', {
    summary: "TCCC's number mapping (号码保护): PhoneToUID and UIDToPhone",
    description:
      'Called by TCCC, not by people: basic auth with NUMBER_MAPPING_BASIC_AUTH, {"Numbers":[…],"Mode":"PhoneToUID"|"UIDToPhone"} → {"Code":0,"Results":[{"Key","Value"}]}. UIDToPhone answers 0086 + the national number, only for a customer ID holding a live, unused dial permit; otherwise a non-zero Code naming the reason.',
    tags: ['tccc'],
    security: [{ numberMappingBasicAuth: [] }],
    consumes: ['application/json'],
    response: {
      200: mappingAnswer,
      // A refusal by the framework (a body over the limit) carries only the error.
      '4xx': errorBody.extend({
        Code: z.number().int().optional(),
        Results: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
      }),
      '5xx': errorBody,
    },
  }),
} as const;
