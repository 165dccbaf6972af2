import { z } from 'zod';
import { type Env, readArea, variable } from './env.js';

export interface RetentionConfig {
  retention: { dialPermitDays: number; pushReceiptDays: number };
}

const days = (fallback: number) => z.coerce.number().int().min(0).max(36_500).default(fallback);

const retentionVariables = {
  RETENTION_DIAL_PERMITS_DAYS: variable(days(400), 'whole days to keep dial permits, e.g. 400 (0: forever)'),
  RETENTION_PUSH_RECEIPTS_DAYS: variable(
    days(30),
    'whole days to keep data push receipts, e.g. 30 (0: forever)',
  ),
};

/** How long the growing tables keep their rows; an hourly job on one replica prunes them. */
export function retentionConfig(env: Env): RetentionConfig {
  const v = readArea(env, retentionVariables);
  return {
    retention: {
      dialPermitDays: v.RETENTION_DIAL_PERMITS_DAYS,
      pushReceiptDays: v.RETENTION_PUSH_RECEIPTS_DAYS,
    },
  };
}
