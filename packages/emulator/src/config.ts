import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { EmulatorError } from './errors.js';

export interface SeatConfig {
  userId: string;
  name: string;
  role: 'agent' | 'supervisor';
  /** The seat's mobile, shown in CDRs (`SeatUser.Phone`). */
  phone?: string;
  staffNumber?: string;
}

export interface EmulatorConfig {
  sdkAppId: number;
  secretId: string;
  secretKey: string;
  seats: SeatConfig[];
  /** Outbound (caller-ID) numbers, national form: `02160000000`, `4001234567`. */
  numbers: string[];
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
  numbers: ['02160000000', '4001234567'],
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

export const emulatorConfigSchema = z.strictObject({
  sdkAppId: z.number().int().positive().optional(),
  secretId: z.string().min(1).optional(),
  secretKey: z.string().min(1).optional(),
  seats: z.array(seatSchema).min(1).optional(),
  numbers: z
    .array(z.string().regex(/^\+?\d{5,20}$/))
    .min(1)
    .optional(),
});

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
  return {
    sdkAppId: c.sdkAppId ?? defaultEmulatorConfig.sdkAppId,
    secretId: c.secretId ?? defaultEmulatorConfig.secretId,
    secretKey: c.secretKey ?? defaultEmulatorConfig.secretKey,
    seats: seats ?? defaultEmulatorConfig.seats.map((s) => ({ ...s })),
    numbers: c.numbers ?? [...defaultEmulatorConfig.numbers],
  };
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
