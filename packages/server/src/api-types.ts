/**
 * The HTTP API's shapes for its clients (`@tccc-dialer/server/api`): every type here is read off the
 * route schemas in `api/`, so the server, the OpenAPI document and the clients cannot drift apart.
 *
 * Only types and the import-free outcome tables: a browser bundle that imports this module pulls in
 * nothing of the server's runtime (not even zod).
 */
import type { z } from 'zod';
import type * as agentStatus from './api/agent-status.js';
import type * as board from './api/board.js';
import type * as callerIds from './api/caller-ids.js';
import type * as callers from './api/callers.js';
import type * as calls from './api/calls.js';
import type * as campaigns from './api/campaigns.js';
import type * as compliance from './api/compliance.js';
import type * as customers from './api/customers.js';
import type * as quality from './api/quality.js';
import type * as review from './api/review.js';
import type { rowProblem } from './api/route.js';
import type * as session from './api/session.js';
import type * as transfer from './api/transfer.js';

export { areaNames, landlineAreaCode, localCallerId } from './api/area-codes.js';
export type { Contract } from './api/contract.js';
export type { OutcomeKey } from './api/outcomes.js';
export { outcomeByEndStatus, outcomeKeys, outcomeLabels } from './api/outcomes.js';
export type { ServerErrorCode } from './errors.js';
export type { GateRefusal } from './numbers/gate-codes.js';
export { gateCodes, gateRefusalOf } from './numbers/gate-codes.js';

/** `{ user }` of POST /api/session and GET /api/me. */
export type User = z.output<typeof session.user>;

export type CallRecord = z.output<typeof calls.callRecord>;
/** The query of GET /api/calls and /api/calls/export.csv (besides `limit` and `cursor`). */
export type CallFilters = z.input<typeof calls.callFilters>;
/** GET /api/stats: dashboard aggregates over calls started in [from, to). */
export type CallStats = z.output<typeof calls.callStats>;
/** One participant's own recording of a call (a seat, or the customer named by side only). */
export type ParticipantRecording = z.output<typeof calls.participantRecording>;
export type CallEventName = z.output<typeof calls.callEventName>;
/** The body of POST /api/calls/events: what the browser saw of a call, as it happened. */
export type CallEvent = z.input<typeof calls.callEvent>;

/** One page of a keyset-paged list; pass `nextCursor` back for the next one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Customer = z.output<typeof customers.customer>;
/** A row a CSV import skipped, with a stable code and the message in the caller's language. */
export type RowProblem = z.output<typeof rowProblem>;
/** POST /api/customers/import. */
export type ImportReport = z.output<typeof customers.importReport>;

export type CampaignOutcome = z.output<typeof campaigns.campaignOutcome>;
export type Disposition = z.output<typeof campaigns.disposition>;
export type Campaign = z.output<typeof campaigns.campaign>;
/** The body of POST /api/campaigns: a name, and any setting that should differ from its default. */
export type NewCampaign = z.input<typeof campaigns.campaignSettings>;
export type CampaignEntry = z.output<typeof campaigns.campaignEntry>;
export type CampaignStats = z.output<typeof campaigns.campaignStats>;
export type CampaignImportReport = z.output<typeof campaigns.campaignImportReport>;
/** GET /api/campaigns/callbacks: the agent's scheduled callbacks, with their list's name. */
export type CallbackEntry = CampaignEntry & { campaignName: string };
/** The body of POST /api/campaigns/:id/entries/:entryId/result. */
export type EntryResultInput = z.input<typeof campaigns.entryResult>;
/** The rule that refused a dial, in fields a program checks. */
export type AppliedRule = z.output<typeof campaigns.appliedRule>;
export type RefusalCode = AppliedRule['code'];
/** A refusal by a compliance rule, in words an agent reads. */
export interface Refusal {
  code: string;
  message: string;
  ruleText: string;
}
/** A refusal as the server sends it: the words, and the rule itself. */
export type RuleRefusal = z.output<typeof campaigns.ruleRefusal>;
/** POST /api/campaigns/:id/claim: the entry to call (with the number to dial), or why there is none. */
export type ClaimAnswer = z.output<typeof campaigns.claimAnswer>;
/** POST /api/dial-permits. */
export type PermitAnswer = z.output<typeof compliance.permitAnswer>;
/** GET /api/dnc: one number on the do-not-call list. */
export type DncNumber = z.output<typeof compliance.dncNumber>;

/** One agent's row on the supervisor's live board (`GET /api/board/events`). */
export type BoardAgent = z.output<typeof board.boardAgent>;
/** The board's figures besides the agents: lists, this hour against the usual, TCCC's queue. */
export type BoardFloor = z.output<typeof board.boardFloor>;
/** The `snapshot` event (and `GET /api/board`): every agent and the floor. */
export type BoardSnapshot = z.output<typeof board.boardEvents.snapshot>;

/** GET /api/calls/:sessionId: the call with the disposition saved for it in a list. */
export type ReviewedCall = z.output<typeof review.reviewedCall>;
/** GET /api/calls/:sessionId/transcript. */
export type Transcript = z.output<typeof review.transcript>;
export type TranscriptLine = z.output<typeof review.transcriptLine>;
/** GET /api/calls/:sessionId/analysis: TCCC's AI summary, mood and intention (null when none). */
export type CallAnalysis = z.output<typeof review.callAnalysis>;
/** One line found by GET /api/transcripts/search. */
export type TranscriptHit = z.output<typeof review.transcriptHit>;

export type Scorecard = z.output<typeof quality.scorecard>;
/** The body of POST /api/scorecards. */
export type NewScorecard = z.input<typeof quality.newScorecard>;
export type CallScore = z.output<typeof quality.callScore>;
export type QualityAverages = z.output<typeof quality.qualityAverages>;
export type ReviewSample = z.output<typeof quality.reviewSample>;
/** GET /api/callers: who is calling, before the agent answers. */
export type CallerCard = z.output<typeof callers.callerCard>;
export type CallerEntry = z.output<typeof callers.callerEntry>;

/** GET /api/agent-status/summary: time in each status per agent, and occupancy. */
export type AgentStatusSummary = z.output<typeof agentStatus.agentStatusSummary>;
export type AgentStatusTime = z.output<typeof agentStatus.agentStatusTime>;

/** GET /api/transfer-targets: the other seats and the phone skill groups a call can go to. */
export type TransferTargets = z.output<typeof transfer.transferTargets>;

/** GET /api/caller-ids: the account's numbers to call from. */
export type CallerIds = z.output<typeof callerIds.callerIds>;
