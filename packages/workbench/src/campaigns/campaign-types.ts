/** The list shapes the server defines (packages/server/src/api-types.ts), under the names the workbench uses. */
export type {
  CallbackEntry,
  Campaign,
  CampaignEntry,
  CampaignImportReport as ImportAnswer,
  CampaignStats,
  ClaimAnswer,
  Disposition,
  DncNumber,
  NewCampaign,
  PermitAnswer,
  Refusal,
} from '@tccc-dialer/server/api';
