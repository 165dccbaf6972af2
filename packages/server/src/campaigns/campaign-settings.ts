import { z } from 'zod';
import type { Campaign, CampaignOutcome, Disposition } from '../api-types.js';
import type { CampaignsTable } from '../db/schema.js';
import { type CallingHours, defaultCallingHours, isTimeZone } from './calling-hours.js';

export type { Campaign, CampaignOutcome, Disposition } from '../api-types.js';

const clock = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/)
  .transform((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)))
  .refine((m) => m <= 24 * 60);

const outcomeKey = z.enum<CampaignOutcome[]>([
  'answered',
  'busy',
  'noAnswer',
  'rejected',
  'powerOff',
  'numberNotExist',
  'notInService',
  'callerCancelled',
  'blocked',
  'failed',
  'unknown',
]);

const disposition = z.strictObject({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/),
  label: z.strictObject({ 'zh-CN': z.string().min(1).max(40), 'en-US': z.string().min(1).max(40) }),
  /** A callback disposition schedules the entry again at the time the agent picks. */
  callback: z.boolean().default(false),
});

export const defaultDispositions: Disposition[] = [
  { key: 'interested', label: { 'zh-CN': '有意向', 'en-US': 'Interested' }, callback: false },
  { key: 'notInterested', label: { 'zh-CN': '无意向', 'en-US': 'Not interested' }, callback: false },
  { key: 'wrongNumber', label: { 'zh-CN': '号码错误', 'en-US': 'Wrong number' }, callback: false },
  { key: 'callbackRequested', label: { 'zh-CN': '预约回拨', 'en-US': 'Callback requested' }, callback: true },
];

/** What a supervisor sets when creating or changing a list; every field has the usual default. */
export const campaignSettings = z.strictObject({
  name: z.string().trim().min(1).max(100),
  mode: z.enum(['preview', 'power']).default('preview'),
  agents: z.array(z.string().min(1).max(100)).max(500).default([]),
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
  retryOutcomes: z.array(outcomeKey).max(11).default(['busy', 'noAnswer']),
  dispositions: z.array(disposition).min(1).max(30).default(defaultDispositions),
  wrapUpSeconds: z.number().int().min(0).max(600).default(10),
  capPerDay: z.number().int().min(0).max(100).default(0),
  capPerWeek: z.number().int().min(0).max(500).default(0),
  maskNumbers: z.boolean().default(false),
  callbackGraceSeconds: z.number().int().min(0).max(86_400).default(300),
});
export type CampaignSettings = z.infer<typeof campaignSettings>;

export const campaignPatch = z.strictObject({ status: z.enum(['active', 'paused', 'closed']) });

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export function toCampaign(row: CampaignsTable): Campaign {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    mode: row.mode,
    agents: JSON.parse(row.agents) as string[],
    timezone: row.timezone,
    hoursStart: hhmm(row.hours_start),
    hoursEnd: hhmm(row.hours_end),
    maxAttempts: row.max_attempts,
    retryIntervalSeconds: row.retry_interval_ms / 1000,
    retryOutcomes: JSON.parse(row.retry_outcomes) as CampaignOutcome[],
    dispositions: JSON.parse(row.dispositions) as Disposition[],
    wrapUpSeconds: row.wrap_up_seconds,
    capPerDay: row.cap_per_day,
    capPerWeek: row.cap_per_week,
    maskNumbers: row.mask_numbers === 1,
    callbackGraceSeconds: row.callback_grace_ms / 1000,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function toRow(id: string, s: CampaignSettings, createdBy: string, now: number): CampaignsTable {
  return {
    id,
    name: s.name,
    status: 'active',
    mode: s.mode,
    agents: JSON.stringify(s.agents),
    timezone: s.timezone,
    hours_start: s.hoursStart,
    hours_end: s.hoursEnd,
    max_attempts: s.maxAttempts,
    retry_interval_ms: s.retryIntervalSeconds * 1000,
    retry_outcomes: JSON.stringify(s.retryOutcomes),
    dispositions: JSON.stringify(s.dispositions),
    wrap_up_seconds: s.wrapUpSeconds,
    cap_per_day: s.capPerDay,
    cap_per_week: s.capPerWeek,
    mask_numbers: s.maskNumbers ? 1 : 0,
    callback_grace_ms: s.callbackGraceSeconds * 1000,
    created_by: createdBy,
    created_at: now,
    updated_at: now,
  };
}

/** `138****8000`: enough for the agent to recognise a callback, not enough to copy the number. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return phone;
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** A list row's calling hours, as the compliance check reads them. */
export function parseHours(
  row: Pick<CampaignsTable, 'timezone' | 'hours_start' | 'hours_end'>,
): CallingHours {
  return { timeZone: row.timezone, start: row.hours_start, end: row.hours_end };
}

/** A list's calling hours from its API shape (`HH:MM` texts back to minutes). */
export function campaignHours(c: Pick<Campaign, 'timezone' | 'hoursStart' | 'hoursEnd'>): CallingHours {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return { timeZone: c.timezone, start: minutes(c.hoursStart), end: minutes(c.hoursEnd) };
}
