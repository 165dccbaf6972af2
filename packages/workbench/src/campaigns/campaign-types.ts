/** The list shapes the server defines (packages/server/src/api-types.ts), as the workbench reads them. */
export type {
  Campaign,
  CampaignEntry,
  CampaignStats,
  Disposition,
  NewCampaign,
} from '@tccc-dialer/server/api';

import type { CampaignEntry, RowProblem } from '@tccc-dialer/server/api';

// The compliance answers below are built in the server's routes from internal rule types; they are
// still described here until the server names them too.
/** A refusal by a compliance rule, with the rule in words. */
export interface Refusal {
  code: string;
  message: string;
  ruleText: string;
}

export interface ClaimAnswer {
  entry: (CampaignEntry & { dialNumber: string }) | null;
  skipped: (Refusal & { entry: CampaignEntry })[];
  refusal: Refusal | null;
}

export interface ImportAnswer {
  imported: number;
  errors: RowProblem[];
  doNotCall: RowProblem[];
}

export type PermitAnswer =
  | { allowed: true; permitId: string; uui: string }
  | ({ allowed: false; permitId: string; reason: string } & Refusal);

export interface DncNumber {
  phone: string;
  reason: string;
  addedBy: string;
  addedAt: string;
}
