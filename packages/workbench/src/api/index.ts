import { createApiClient } from '@tccc-dialer/server/client';
import { currentLocale } from '../i18n/index.js';

/**
 * The workbench's one client of the server's HTTP API. Paths, inputs and answers are typed by the
 * server's own route schemas; server messages come back in the language the UI shows.
 */
export const api = createApiClient({ language: currentLocale });

// The wire shapes the screens hold, as the server defines them.
export type {
  AgentStatusSummary,
  BoardAgent,
  BoardFloor,
  BoardSnapshot,
  CallAnalysis,
  CallbackEntry,
  CallEventName,
  CallerCard,
  CallerIds,
  CallFilters,
  CallRecord,
  CallScore,
  CallStats,
  Campaign,
  CampaignEntry,
  CampaignImportReport,
  CampaignStats,
  ClaimAnswer,
  Customer,
  Disposition,
  DncNumber,
  ImportReport,
  OutcomeKey,
  ParticipantRecording,
  QualityAverages,
  Refusal,
  ReviewedCall,
  ReviewSample,
  Scorecard,
  Transcript,
  TranscriptHit,
  TranscriptLine,
  TransferTargets,
  User,
} from '@tccc-dialer/server/api';
// Small import-free tables: the bundle gains no server code.
export { areaNames, localCallerId, outcomeByEndStatus, outcomeKeys } from '@tccc-dialer/server/api';
export { ApiError } from '@tccc-dialer/server/client';
