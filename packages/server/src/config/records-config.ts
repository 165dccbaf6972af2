import { z } from 'zod';
import { ConfigError, type Env, readArea, variable } from './env.js';
import type { Mode } from './tccc-config.js';

/** The data-push credentials the emulator uses in emulator mode: a demo value, never for the cloud. */
export const emulatorDemoPushAuth = 'tccc-emulator:demo-push-password';

export interface RecordsConfig {
  pushBasicAuth: string | undefined;
  /** How often the background job pulls DescribeTelCdr to backfill missed pushes; 0 turns it off. */
  cdrSyncIntervalMs: number;
  /**
   * How long the replica running the CDR sync keeps its lock without renewing it: when it dies,
   * another replica takes over within this time (`CDR_SYNC_LEASE_SECONDS`, default 3 intervals).
   */
  cdrSyncLeaseMs: number;
}

const recordsVariables = {
  PUSH_BASIC_AUTH: variable(
    z
      .string()
      .regex(/^[^:]+:.{8,}$/)
      .optional(),
    'use user:password with a password of at least 8 characters',
    true,
  ),
  CDR_SYNC_INTERVAL_SECONDS: variable(
    z.coerce.number().int().min(0).max(86_400).default(300),
    'whole seconds between CDR sync runs, 0-86400 (0 turns the sync off), e.g. 300',
  ),
};

const leaseVariable = (intervalSeconds: number) => ({
  CDR_SYNC_LEASE_SECONDS: variable(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(Math.max(1, 3 * intervalSeconds)),
    'whole seconds a dead sync replica keeps the sync before another takes over, 1-86400, e.g. 900',
  ),
});

/** Call records: the data push's credentials and the DescribeTelCdr sync's schedule. */
export function recordsConfig(env: Env, mode: Mode): RecordsConfig {
  const v = readArea(env, recordsVariables);
  // The emulator's demo pair is public: in the cloud anyone could forge CDR pushes with it.
  if (mode === 'cloud' && v.PUSH_BASIC_AUTH === emulatorDemoPushAuth)
    throw new ConfigError(
      'PUSH_BASIC_AUTH',
      "is the emulator's public demo value; set the user:password configured for TCCC's data push",
    );
  const interval = v.CDR_SYNC_INTERVAL_SECONDS;
  return {
    // The emulator pushes CDRs with its demo credentials (npm start passes the same pair to both).
    pushBasicAuth: v.PUSH_BASIC_AUTH ?? (mode === 'cloud' ? undefined : emulatorDemoPushAuth),
    cdrSyncIntervalMs: interval * 1000,
    cdrSyncLeaseMs: readArea(env, leaseVariable(interval)).CDR_SYNC_LEASE_SECONDS * 1000,
  };
}
