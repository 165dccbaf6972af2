import { z } from 'zod';
import { defaultCallingHours, isTimeZone } from '../campaigns/calling-hours.js';
import { outcomeKeys } from './outcomes.js';
import {
  csvFile,
  csvUpload,
  errorResponses,
  isoString,
  localized,
  route,
  rowProblem,
  signedIn,
  supervisorOnly,
} from './route.js';

/** The outcomes a list may retry on: every final one (a call in progress is not retried). */
export const campaignOutcome = z.enum(outcomeKeys.filter((k) => k !== 'inProgress') as CampaignOutcomeKey[]);
type CampaignOutcomeKey = Exclude<(typeof outcomeKeys)[number], 'inProgress'>;

export const disposition = z
  .object({
    key: z.string(),
    label: localized,
    /** A callback disposition schedules the entry again at the time the agent picks. */
    callback: z.boolean(),
  })
  .meta({ id: 'Disposition' });

/** A call list as the API shows it. */
export const campaign = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['active', 'paused', 'closed']),
    mode: z.enum(['preview', 'power']),
    agents: z.array(z.string()),
    timezone: z.string(),
    hoursStart: z.string(),
    hoursEnd: z.string(),
    maxAttempts: z.number().int(),
    retryIntervalSeconds: z.number(),
    retryOutcomes: z.array(campaignOutcome),
    dispositions: z.array(disposition),
    wrapUpSeconds: z.number().int(),
    capPerDay: z.number().int(),
    capPerWeek: z.number().int(),
    maskNumbers: z.boolean(),
    callbackGraceSeconds: z.number(),
    createdAt: isoString,
    /** Agents never see this list's numbers: they dial customer IDs (needs number mapping). */
    protectNumbers: z.boolean(),
    /** A call that never connects (busy, no answer, refused, ...) asks for a disposition too. */
    dispositionUnanswered: z.boolean(),
  })
  .meta({ id: 'Campaign' });

const clock = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/)
  .transform((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)))
  .refine((m) => m <= 24 * 60);

export const defaultDispositions: z.output<typeof disposition>[] = [
  { key: 'interested', label: { 'zh-CN': '有意向', 'en-US': 'Interested' }, callback: false },
  { key: 'notInterested', label: { 'zh-CN': '无意向', 'en-US': 'Not interested' }, callback: false },
  { key: 'wrongNumber', label: { 'zh-CN': '号码错误', 'en-US': 'Wrong number' }, callback: false },
  { key: 'callbackRequested', label: { 'zh-CN': '预约回拨', 'en-US': 'Callback requested' }, callback: true },
];

/** What a supervisor sets when creating a list; every field but the name has the usual default. */
export const campaignSettings = z.strictObject({
  name: z.string().trim().min(1).max(100),
  mode: z.enum(['preview', 'power']).default('preview'),
  agents: z.array(z.string().min(1).max(100)).max(500).default([]),
  // The message names the code the refusal gets (the error handler maps it).
  timezone: z
    .string()
    .max(64)
    .default('Asia/Shanghai')
    .refine(isTimeZone, { message: 'CAMPAIGN_TIMEZONE_INVALID' }),
  hoursStart: clock.default(defaultCallingHours.start),
  hoursEnd: clock.default(defaultCallingHours.end),
  maxAttempts: z.number().int().min(1).max(20).default(3),
  retryIntervalSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(3600),
  retryOutcomes: z.array(campaignOutcome).max(11).default(['busy', 'noAnswer']),
  dispositions: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/),
        label: z.strictObject({ 'zh-CN': z.string().min(1).max(40), 'en-US': z.string().min(1).max(40) }),
        callback: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(30)
    .default(defaultDispositions),
  wrapUpSeconds: z.number().int().min(0).max(600).default(10),
  capPerDay: z.number().int().min(0).max(100).default(0),
  capPerWeek: z.number().int().min(0).max(500).default(0),
  maskNumbers: z.boolean().default(false),
  callbackGraceSeconds: z.number().int().min(0).max(86_400).default(300),
  protectNumbers: z.boolean().default(false),
  dispositionUnanswered: z.boolean().default(false),
});

/** An entry as the API shows it; `phone` is masked for agents when the list says so. */
export const campaignEntry = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    row: z.number().int(),
    phone: z.string(),
    name: z.string(),
    fields: z.record(z.string(), z.string()),
    status: z.enum(['pending', 'claimed', 'closed']),
    closeReason: z.string().nullable(),
    attempts: z.number().int(),
    lastOutcome: z.string().nullable(),
    lastDisposition: z.string().nullable(),
    nextAttemptAt: isoString.nullable(),
    callbackAt: isoString.nullable(),
    owner: z.string().nullable(),
    claimedBy: z.string().nullable(),
  })
  .meta({ id: 'CampaignEntry' });

export const campaignStats = z
  .object({
    entries: z.object({
      total: z.number(),
      pending: z.number(),
      claimed: z.number(),
      closed: z.number(),
    }),
    /** Why closed entries closed: disposition keys, `maxAttempts`, outcome keys, `DNC_LISTED`. */
    closeReasons: z.record(z.string(), z.number()),
    attempts: z.number(),
    answered: z.number(),
    /** Answered attempts over all attempts, 0..1. */
    contactRate: z.number(),
    dispositions: z.record(z.string(), z.number()),
    perAgent: z.array(
      z.object({
        username: z.string(),
        attempts: z.number(),
        answered: z.number(),
        averageWrapUpSeconds: z.number(),
      }),
    ),
  })
  .meta({ id: 'CampaignStats' });

/** The rule that refused a dial, in fields a program checks. */
export const appliedRule = z
  .discriminatedUnion('code', [
    // The entry's reason and date are for supervisors (who keep the list); agents get the code alone.
    z.object({
      code: z.literal('DNC_LISTED'),
      reason: z.string().optional(),
      addedAt: z.string().optional(),
    }),
    z.object({
      code: z.literal('OUTSIDE_CALLING_HOURS'),
      timeZone: z.string(),
      start: z.string(),
      end: z.string(),
      localTime: z.string(),
    }),
    z.object({
      code: z.literal('FREQUENCY_CAP_REACHED'),
      period: z.enum(['day', 'week', 'window']),
      cap: z.number(),
      calls: z.number(),
      timeZone: z.string(),
      /** With period `window`: the cap's sliding window (the dial pad's 3 calls in 300 s). */
      windowSeconds: z.number().optional(),
    }),
  ])
  .meta({ id: 'AppliedRule' });

/** A refusal by a compliance rule: the words an agent reads, and the rule itself. */
export const ruleRefusal = z
  .object({
    code: z.enum(['DNC_LISTED', 'OUTSIDE_CALLING_HOURS', 'FREQUENCY_CAP_REACHED']),
    message: z.string(),
    ruleText: z.string(),
    rule: appliedRule,
  })
  .meta({ id: 'RuleRefusal' });

export const claimAnswer = z
  .object({
    /** The entry to call, with the number to dial. */
    entry: campaignEntry
      .extend({
        /** The number to dial; absent on a protected list (dial `customerId` instead). */
        dialNumber: z.string().optional(),
        /** On a protected list: the customer ID to dial (TCCC asks the server for the number). */
        customerId: z.string().optional(),
      })
      .nullable(),
    /** Entries taken and put aside because a rule refused them. */
    skipped: z.array(ruleRefusal.extend({ entry: campaignEntry })),
    /** Set when the whole list may not be called now (outside its hours). */
    refusal: ruleRefusal.nullable(),
  })
  .meta({ id: 'ClaimAnswer' });

export const campaignImportReport = z
  .object({
    imported: z.number().int(),
    errors: z.array(rowProblem),
    /** Rows the do-not-call list held back. */
    doNotCall: z.array(rowProblem),
  })
  .meta({ id: 'CampaignImportReport' });

export const entryResult = z.strictObject({
  /** TCCC's SessionId of the call, when one was placed; its call record's outcome wins. */
  sessionId: z.string().min(1).max(128).optional(),
  /** The outcome the browser saw; used only while the call record has none yet. */
  outcome: z.string().regex(/^[a-zA-Z]{1,32}$/),
  disposition: z.string().min(1).max(40).optional(),
  note: z.string().max(2000).optional(),
  callbackAt: z.iso.datetime({ offset: true }).optional(),
  /** Milliseconds from the call's end to this result: the agent's wrap-up time. */
  wrapUpMs: z.number().int().min(0).max(86_400_000).default(0),
});

const idParams = z.strictObject({ id: z.uuid() });
const entryParams = z.strictObject({ id: z.uuid(), entryId: z.uuid() });
const tags = ['call lists'] as const;

export const campaignsRoutes = {
  list: route('GET', '/api/campaigns', {
    summary: 'Call lists (agents: the ones assigned to them or to everyone)',
    tags,
    security: signedIn,
    response: { 200: z.object({ items: z.array(campaign) }), ...errorResponses },
  }),
  create: route('POST', '/api/campaigns', {
    summary: 'Create a call list',
    tags,
    security: supervisorOnly,
    body: campaignSettings,
    response: { 201: z.object({ campaign }), ...errorResponses },
  }),
  get: route('GET', '/api/campaigns/:id', {
    summary: 'One call list',
    tags,
    security: signedIn,
    params: idParams,
    response: { 200: z.object({ campaign }), ...errorResponses },
  }),
  setStatus: route('PATCH', '/api/campaigns/:id', {
    summary: 'Pause, resume or close a call list',
    tags,
    security: supervisorOnly,
    params: idParams,
    body: z.strictObject({ status: z.enum(['active', 'paused', 'closed']) }),
    response: { 200: z.object({ campaign }), ...errorResponses },
  }),
  import: route('POST', '/api/campaigns/:id/import', {
    summary: 'Add entries from a CSV file (a phone column; UTF-8 or GBK)',
    tags,
    security: supervisorOnly,
    params: idParams,
    consumes: ['text/csv'],
    body: csvUpload,
    response: { 200: campaignImportReport, ...errorResponses },
  }),
  entries: route('GET', '/api/campaigns/:id/entries', {
    summary: "A list's entries",
    tags,
    security: supervisorOnly,
    params: idParams,
    response: { 200: z.object({ items: z.array(campaignEntry) }), ...errorResponses },
  }),
  stats: route('GET', '/api/campaigns/:id/stats', {
    summary: "A list's progress and results",
    tags,
    security: supervisorOnly,
    params: idParams,
    response: { 200: campaignStats, ...errorResponses },
  }),
  exportCsv: route('GET', '/api/campaigns/:id/export.csv', {
    summary: "A list's entries and results as CSV",
    tags,
    security: supervisorOnly,
    params: idParams,
    produces: ['text/csv'],
    response: { 200: csvFile('The entries'), ...errorResponses },
  }),
  claim: route('POST', '/api/campaigns/:id/claim', {
    summary: 'Take the next entry to call (never handed to two agents)',
    tags,
    security: signedIn,
    params: idParams,
    response: { 200: claimAnswer, ...errorResponses },
  }),
  result: route('POST', '/api/campaigns/:id/entries/:entryId/result', {
    summary: "Report an attempt's outcome and disposition for an entry the agent holds",
    tags,
    security: signedIn,
    params: entryParams,
    body: entryResult,
    response: { 200: z.object({ entry: campaignEntry }), ...errorResponses },
  }),
  callbacks: route('GET', '/api/campaigns/callbacks', {
    summary: "The agent's scheduled callbacks, across lists",
    tags,
    security: signedIn,
    response: {
      200: z.object({ items: z.array(campaignEntry.extend({ campaignName: z.string() })) }),
      ...errorResponses,
    },
  }),
} as const;
