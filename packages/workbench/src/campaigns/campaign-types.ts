/** The server's call-list shapes (packages/server/src/campaigns), as the workbench reads them. */
export interface Disposition {
  key: string;
  label: { 'zh-CN': string; 'en-US': string };
  callback: boolean;
}

export interface Campaign {
  id: string;
  name: string;
  status: 'active' | 'paused' | 'closed';
  mode: 'preview' | 'power';
  agents: string[];
  timezone: string;
  hoursStart: string;
  hoursEnd: string;
  maxAttempts: number;
  retryIntervalSeconds: number;
  retryOutcomes: string[];
  dispositions: Disposition[];
  wrapUpSeconds: number;
  capPerDay: number;
  capPerWeek: number;
  maskNumbers: boolean;
  callbackGraceSeconds: number;
  createdAt: string;
}

export type NewCampaign = Partial<Omit<Campaign, 'id' | 'status' | 'createdAt'>> & { name: string };

export interface CampaignEntry {
  id: string;
  campaignId: string;
  row: number;
  phone: string;
  name: string;
  fields: Record<string, string>;
  status: 'pending' | 'claimed' | 'closed';
  closeReason: string | null;
  attempts: number;
  lastOutcome: string | null;
  lastDisposition: string | null;
  nextAttemptAt: string | null;
  callbackAt: string | null;
  owner: string | null;
  claimedBy: string | null;
}

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
  errors: { row: number; code: string; message: string }[];
  doNotCall: { row: number; code: string; message: string }[];
}

export interface CampaignStats {
  entries: { total: number; pending: number; claimed: number; closed: number };
  closeReasons: Record<string, number>;
  attempts: number;
  answered: number;
  contactRate: number;
  dispositions: Record<string, number>;
  perAgent: { username: string; attempts: number; answered: number; averageWrapUpSeconds: number }[];
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
