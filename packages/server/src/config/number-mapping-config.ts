import { z } from 'zod';
import { type Env, readArea, variable } from './env.js';
import type { Mode } from './tccc-config.js';

/** The mapping endpoint's credentials the emulator uses in emulator mode: a demo value, never for the cloud. */
export const emulatorDemoMappingAuth = 'tccc-emulator:demo-mapping-password';

/** Rules for numbers typed on the dial pad (a list has its own): TCCC's carrier rules by default. */
export interface DialPadRules {
  timeZone: string;
  /** Minutes after local midnight. */
  hoursStart: number;
  hoursEnd: number;
  capPerDay: number;
  /** At most this many calls to one number within `burstWindowSeconds` (0: no such cap). */
  burstCap: number;
  burstWindowSeconds: number;
}

/**
 * Number protection (TCCC console: 电话客服设置 › 通用设置 › 号码保护, 真实号码映射为用户ID). With
 * `enabled`, every dial goes by customer ID and TCCC asks `POST /api/tccc/number-mapping` for the
 * number, which answers only for an ID holding a live permit.
 */
export interface NumberMappingConfig {
  enabled: boolean;
  /** `user:password` TCCC presents on the mapping endpoint. Unset: every request is refused. */
  basicAuth: string | undefined;
  /** How long a granted permit may wait for TCCC's UIDToPhone, in milliseconds. */
  permitTtlMs: number;
  dialPad: DialPadRules;
}

const clock = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const minutes = (h: string, m: string) => Number(h) * 60 + Number(m);

const variables = {
  NUMBER_MAPPING: variable(
    z.enum(['on', 'off']).default('off'),
    'use on (every dial goes by customer ID through /api/tccc/number-mapping) or off',
  ),
  NUMBER_MAPPING_BASIC_AUTH: variable(
    z
      .string()
      .regex(/^[^:]+:.{8,}$/)
      .optional(),
    'use user:password with a password of at least 8 characters',
    true,
  ),
  DIAL_PERMIT_TTL_SECONDS: variable(
    z.coerce.number().int().min(5).max(600).default(60),
    'whole seconds a granted permit waits for the dial, 5-600, e.g. 60',
  ),
  DIALPAD_CALLING_HOURS: variable(
    z
      .string()
      .regex(clock)
      .default('08:00-21:00')
      .transform((s) => {
        const [, h1 = '', m1 = '', h2 = '', m2 = ''] = clock.exec(s) ?? [];
        return { start: minutes(h1, m1), end: minutes(h2, m2) };
      })
      .refine((h) => h.start < h.end),
    'use HH:MM-HH:MM with the start before the end, e.g. 08:00-21:00',
  ),
  DIALPAD_TIMEZONE: variable(
    z
      .string()
      .default('Asia/Shanghai')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }),
    'use an IANA time zone, e.g. Asia/Shanghai',
  ),
  DIALPAD_CAP_PER_DAY: variable(
    z.coerce.number().int().min(0).max(1000).default(5),
    'whole calls per number per local day, 0-1000 (0: no cap), e.g. 5',
  ),
  DIALPAD_CAP_PER_5_MINUTES: variable(
    z.coerce.number().int().min(0).max(1000).default(3),
    'whole calls per number within 5 minutes, 0-1000 (0: no cap), e.g. 3',
  ),
};

export function numberMappingConfig(env: Env, mode: Mode): { numberMapping: NumberMappingConfig } {
  const v = readArea(env, variables);
  return {
    numberMapping: {
      enabled: v.NUMBER_MAPPING === 'on',
      basicAuth: v.NUMBER_MAPPING_BASIC_AUTH ?? (mode === 'cloud' ? undefined : emulatorDemoMappingAuth),
      permitTtlMs: v.DIAL_PERMIT_TTL_SECONDS * 1000,
      dialPad: {
        timeZone: v.DIALPAD_TIMEZONE,
        hoursStart: v.DIALPAD_CALLING_HOURS.start,
        hoursEnd: v.DIALPAD_CALLING_HOURS.end,
        capPerDay: v.DIALPAD_CAP_PER_DAY,
        burstCap: v.DIALPAD_CAP_PER_5_MINUTES,
        burstWindowSeconds: 300,
      },
    },
  };
}

/** Off, with TCCC's carrier rules for the dial pad: what an app built without configuration gets. */
export const numberMappingOff: NumberMappingConfig = {
  enabled: false,
  basicAuth: undefined,
  permitTtlMs: 60_000,
  dialPad: {
    timeZone: 'Asia/Shanghai',
    hoursStart: 8 * 60,
    hoursEnd: 21 * 60,
    capPerDay: 5,
    burstCap: 3,
    burstWindowSeconds: 300,
  },
};
