import type { z } from 'zod';
import type { campaignSettings } from '../api/campaigns.js';
import type { Campaign, CampaignOutcome, Disposition } from '../api-types.js';
import type { CampaignsTable } from '../db/schema.js';
import type { CallingHours } from './calling-hours.js';

export type { Campaign, CampaignOutcome, Disposition } from '../api-types.js';

/** A list's settings as validated (calling hours in minutes after midnight). */
export type CampaignSettings = z.output<typeof campaignSettings>;

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
    protectNumbers: row.protect_numbers === 1,
    dispositionUnanswered: row.disposition_unanswered === 1,
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
    protect_numbers: s.protectNumbers ? 1 : 0,
    disposition_unanswered: s.dispositionUnanswered ? 1 : 0,
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
