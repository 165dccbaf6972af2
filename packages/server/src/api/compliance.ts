import { z } from 'zod';
import { appliedRule } from './campaigns.js';
import {
  csvUpload,
  errorResponses,
  isoString,
  ok,
  route,
  rowProblem,
  signedIn,
  supervisorOnly,
} from './route.js';

const phone = z.string().min(1).max(40);
const reason = z.string().trim().min(1).max(200);

/**
 * Every dial asks first; a granted permit's id travels with the call. A refusal names its rule's code
 * as `reason` (there is no `code` field here).
 */
export const permitAnswer = z
  .discriminatedUnion('allowed', [
    z.object({
      allowed: z.literal(true),
      permitId: z.string(),
      uui: z.string(),
      /** Under number mapping: dial this customer ID (TCCC asks the server for the number). */
      customerId: z.string().optional(),
      /** Under number mapping: the permit must reach UIDToPhone before this instant, once. */
      expiresAt: isoString.optional(),
    }),
    z.object({
      allowed: z.literal(false),
      permitId: z.string(),
      reason: z.enum(['DNC_LISTED', 'OUTSIDE_CALLING_HOURS', 'FREQUENCY_CAP_REACHED']),
      message: z.string(),
      ruleText: z.string(),
      rule: appliedRule,
    }),
  ])
  .meta({ id: 'PermitAnswer' });

export const dncNumber = z
  .object({ phone: z.string(), reason: z.string(), addedBy: z.string(), addedAt: isoString })
  .meta({ id: 'DncNumber' });

const dncAuditRow = z.object({
  phone: z.string(),
  action: z.string(),
  reason: z.string(),
  actor: z.string(),
  at: isoString,
});

const tags = ['compliance'] as const;

export const complianceRoutes = {
  permit: route('POST', '/api/dial-permits', {
    summary: 'Ask whether a number may be dialled now (do-not-call list, calling hours, caps)',
    tags,
    security: signedIn,
    // A list entry's own number is the server's to know: `phone` may be left out with an `entryId`,
    // and under number mapping a customer shown by ID is dialled by `customerId`.
    body: z
      .strictObject({
        phone: phone.optional(),
        customerId: z.string().min(1).max(20).optional(),
        campaignId: z.uuid().optional(),
        entryId: z.uuid().optional(),
      })
      .refine(
        (b) => b.phone !== undefined || b.entryId !== undefined || b.customerId !== undefined,
        'phone, customerId or entryId is required',
      ),
    response: { 200: permitAnswer, ...errorResponses },
  }),
  dncList: route('GET', '/api/dnc', {
    summary: 'The do-not-call list',
    tags,
    security: supervisorOnly,
    querystring: z.strictObject({ q: z.string().max(40).optional() }),
    response: { 200: z.object({ items: z.array(dncNumber) }), ...errorResponses },
  }),
  dncAdd: route('POST', '/api/dnc', {
    summary: 'Add a number to the do-not-call list',
    tags,
    security: supervisorOnly,
    body: z.strictObject({ phone, reason }),
    response: { 200: z.object({ added: z.number().int() }), ...errorResponses },
  }),
  dncImport: route('POST', '/api/dnc/import', {
    summary: 'Add the numbers of a CSV file (first column, or a phone column), all for one reason',
    tags,
    security: supervisorOnly,
    querystring: z.strictObject({ reason }),
    consumes: ['text/csv'],
    body: csvUpload,
    response: {
      200: z.object({ added: z.number().int(), errors: z.array(rowProblem) }),
      ...errorResponses,
    },
  }),
  dncRemove: route('DELETE', '/api/dnc/:phone', {
    summary: 'Remove a number from the do-not-call list, with the reason',
    tags,
    security: supervisorOnly,
    params: z.strictObject({ phone }),
    querystring: z.strictObject({ reason }),
    response: { 200: ok, ...errorResponses },
  }),
  dncAudit: route('GET', '/api/dnc/audit', {
    summary: 'Who added or removed which number, when and why',
    tags,
    security: supervisorOnly,
    querystring: z.strictObject({ phone: z.string().max(40).optional() }),
    response: { 200: z.object({ items: z.array(dncAuditRow) }), ...errorResponses },
  }),
} as const;
