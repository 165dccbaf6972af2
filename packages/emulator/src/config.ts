import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { EmulatorError } from './errors.js';
import { nationalNumber } from './numbers.js';

export interface SeatConfig {
  userId: string;
  name: string;
  role: 'agent' | 'supervisor';
  /** The seat's mobile, shown in CDRs (`SeatUser.Phone`). */
  phone?: string;
  staffNumber?: string;
}

export const SKILL_GROUP_TYPES = ['phone', 'online', 'audio', 'video'] as const;
export type SkillGroupType = (typeof SKILL_GROUP_TYPES)[number];

/** A skill group (技能组): inbound calls queue on it, transfers may target it, numbers are bound to it. */
export interface SkillGroupConfig {
  skillGroupId: number;
  name: string;
  /** Only `phone` groups take phone calls. */
  type: SkillGroupType;
  /** Member seats (`seats[].userId`), in the order inbound calls try them. */
  members: string[];
  /** Outbound numbers bound to the group (`DescribeNumbers` › `CallOutSkillGroupIds`). */
  callOutNumbers: string[];
}

/** Where TCCC asks for numbers behind user IDs (号码保护, 真实号码映射为用户ID). */
export interface NumberMappingTarget {
  url: string;
  /** `user:password` for HTTP basic auth. */
  basicAuth?: string | undefined;
}

export interface EmulatorConfig {
  sdkAppId: number;
  secretId: string;
  secretKey: string;
  seats: SeatConfig[];
  /** The app's numbers, national form: inbound lines and outbound caller IDs; the first is the default caller ID. */
  numbers: string[];
  skillGroups: SkillGroupConfig[];
  /** Number protection; off when absent. */
  numberMapping?: NumberMappingTarget;
}

/** Demo values only: the emulator is not a place for real credentials. */
export const defaultEmulatorConfig: EmulatorConfig = {
  sdkAppId: 1400000001,
  secretId: 'AKIDtcccEmulatorDemo00000000000000000',
  secretKey: 'tcccEmulatorDemoSecretKey0000000',
  seats: [
    { userId: 'agent@example.com', name: 'Demo Agent', role: 'agent', staffNumber: '1001' },
    { userId: 'agent2@example.com', name: 'Second Agent', role: 'agent', staffNumber: '1002' },
    { userId: 'supervisor@example.com', name: 'Demo Supervisor', role: 'supervisor', staffNumber: '2001' },
  ],
  // Shanghai and Beijing landlines, a 400 service number and a mobile, so a caller ID can match the
  // callee's area.
  numbers: ['02160000000', '4001234567', '01060000000', '18600000000'],
  skillGroups: [
    {
      skillGroupId: 1001,
      name: '电话客服',
      type: 'phone',
      members: ['agent@example.com', 'agent2@example.com'],
      callOutNumbers: ['02160000000', '01060000000', '18600000000'],
    },
    {
      skillGroupId: 1002,
      name: '售后专席',
      type: 'phone',
      members: ['agent2@example.com', 'supervisor@example.com'],
      callOutNumbers: ['4001234567'],
    },
  ],
};

const seatSchema = z.strictObject({
  userId: z.email(),
  name: z.string().min(1),
  role: z.enum(['agent', 'supervisor']).default('agent'),
  phone: z
    .string()
    .regex(/^\+?\d{5,20}$/)
    .optional(),
  staffNumber: z.string().optional(),
});

const phoneNumber = z.string().regex(/^\+?\d{5,20}$/);

const skillGroupSchema = z.strictObject({
  skillGroupId: z.int().positive(),
  name: z.string().min(1),
  type: z.enum(SKILL_GROUP_TYPES).default('phone'),
  members: z.array(z.email()).default([]),
  callOutNumbers: z.array(phoneNumber).default([]),
});

export const numberMappingSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  basicAuth: z
    .string()
    .regex(/^[^:]+:.*$/, 'must be user:password')
    .optional(),
});

export const emulatorConfigSchema = z.strictObject({
  sdkAppId: z.number().int().positive().optional(),
  secretId: z.string().min(1).optional(),
  secretKey: z.string().min(1).optional(),
  seats: z.array(seatSchema).min(1).optional(),
  numbers: z.array(phoneNumber).min(1).optional(),
  skillGroups: z.array(skillGroupSchema).optional(),
  numberMapping: numberMappingSchema.nullable().optional(),
});

/** The config file's shape: every field optional, as written by hand. */
export type EmulatorConfigInput = z.input<typeof emulatorConfigSchema>;

/** Defaults with the given fields replaced; throws `INVALID_CONFIG` naming the first bad field. */
export function resolveConfig(input: unknown = {}): EmulatorConfig {
  const parsed = emulatorConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new EmulatorError('INVALID_CONFIG', `config field \`${where}\`: ${issue?.message ?? 'invalid'}`);
  }
  const c = parsed.data;
  const seats = c.seats?.map((s) => {
    const seat: SeatConfig = { userId: s.userId, name: s.name, role: s.role };
    if (s.phone !== undefined) seat.phone = s.phone;
    if (s.staffNumber !== undefined) seat.staffNumber = s.staffNumber;
    return seat;
  });
  const config: EmulatorConfig = {
    sdkAppId: c.sdkAppId ?? defaultEmulatorConfig.sdkAppId,
    secretId: c.secretId ?? defaultEmulatorConfig.secretId,
    secretKey: c.secretKey ?? defaultEmulatorConfig.secretKey,
    seats: seats ?? defaultEmulatorConfig.seats.map((s) => ({ ...s })),
    numbers: (c.numbers ?? defaultEmulatorConfig.numbers).map(nationalNumber),
    skillGroups: [],
  };
  config.skillGroups = (c.skillGroups ?? defaultSkillGroups(config, Boolean(c.seats || c.numbers))).map(
    (g) => ({ ...g, members: [...g.members], callOutNumbers: g.callOutNumbers.map(nationalNumber) }),
  );
  checkSkillGroups(config);
  if (c.numberMapping) config.numberMapping = { ...c.numberMapping };
  return config;
}

/** The demo groups for the demo seats; with seats or numbers of your own, one group holding all of them. */
function defaultSkillGroups(config: EmulatorConfig, custom: boolean): SkillGroupConfig[] {
  if (!custom) return defaultEmulatorConfig.skillGroups;
  return [
    {
      skillGroupId: 1001,
      name: '电话客服',
      type: 'phone',
      members: config.seats.map((s) => s.userId),
      callOutNumbers: [...config.numbers],
    },
  ];
}

function checkSkillGroups(config: EmulatorConfig): void {
  const bad = (where: string, problem: string): never => {
    throw new EmulatorError('INVALID_CONFIG', `config field \`${where}\`: ${problem}`);
  };
  const ids = new Set<number>();
  config.skillGroups.forEach((g, i) => {
    if (ids.has(g.skillGroupId)) bad(`skillGroups.${i}.skillGroupId`, `${g.skillGroupId} is used twice`);
    ids.add(g.skillGroupId);
    g.members.forEach((m, j) => {
      if (!config.seats.some((s) => s.userId === m)) bad(`skillGroups.${i}.members.${j}`, `no seat ${m}`);
    });
    g.callOutNumbers.forEach((n, j) => {
      if (!config.numbers.includes(n)) bad(`skillGroups.${i}.callOutNumbers.${j}`, `${n} is not in numbers`);
    });
  });
}

/** Reads a JSON config file (see docs/emulator.md) merged over the defaults. */
export function loadConfigFile(path: string): EmulatorConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new EmulatorError('INVALID_CONFIG', `cannot read config file ${path}`, { cause });
  }
  return resolveConfig(raw);
}
