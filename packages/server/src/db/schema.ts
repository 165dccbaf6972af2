import type { ColumnType } from 'kysely';

/**
 * Table shapes shared by SQLite and PostgreSQL. Portable types only: text, integer (booleans as 0/1,
 * times as Unix milliseconds), so one set of migrations and queries serves both engines.
 */
export interface UsersTable {
  username: string;
  display_name: string;
  role: 'agent' | 'supervisor';
  /** The TCCC SeatUserId (an e-mail) this user calls as; chosen by an operator, never by the browser. */
  seat_user_id: string;
  /** scrypt hash; null for users who only sign in through OIDC or a trusted proxy header. */
  password_hash: string | null;
  disabled: number;
  created_at: number;
  updated_at: number;
}

/** One row per call, keyed by TCCC's SessionId; browser events, data push and CDR sync merge into it. */
export interface CallsTable {
  session_id: string;
  direction: 'outbound' | 'inbound';
  seat_user_id: string;
  /** The user who made the call (browser events) or the first user mapped to the CDR's seat. */
  agent_username: string | null;
  /** The customer's number (callee when outbound, caller when inbound), normalised: no 0086/+86. */
  phone: string;
  callee: string;
  caller: string;
  started_at: number;
  ring_at: number | null;
  accepted_at: number | null;
  ended_at: number | null;
  talk_seconds: number;
  outcome: string;
  end_status: number | null;
  end_status_string: string | null;
  hung_up_side: 'seat' | 'user' | 'system' | null;
  uui: string | null;
  /** TCCC's RecordId; the signed RecordURL itself is never stored. */
  record_id: string | null;
  has_recording: number;
  note: string | null;
  /** The disposition the agent chose for a call outside a list (`CALL_DISPOSITIONS`). */
  disposition: string | null;
  /** 1 once a CDR (push or sync) has been merged: its fields then win over browser events. */
  has_cdr: number;
  from_browser: number;
  from_push: number;
  from_sync: number;
  created_at: number;
  updated_at: number;
  /** 1: TCCC's record of an outbound call that carried no granted permit (for supervisors). */
  unpermitted: ColumnType<number, number | undefined, number>;
}

/** One row per accepted data push, keyed by X-TCCC-PUSH-UUID, so retried deliveries apply once. */
export interface PushReceiptsTable {
  push_uuid: string;
  action: string;
  session_id: string;
  received_at: number;
}

/** Saved positions of background jobs (the CDR sync's window and page), as JSON. */
export interface SyncStateTable {
  name: string;
  position: string;
  updated_at: number;
}

/** The customer list agents call from; `phone` is the national form `@tccc-dialer/web/phone` gives. */
export interface CustomersTable {
  id: string;
  name: string;
  phone: string;
  company: string | null;
  note: string | null;
  created_at: number;
  updated_at: number;
}

/** A call list a supervisor loaded; its rules (hours, retries, caps, dispositions) travel with it. */
export interface CampaignsTable {
  id: string;
  name: string;
  status: 'active' | 'paused' | 'closed';
  mode: 'preview' | 'power';
  /** JSON array of usernames who may work the list; `[]` is a shared pool for every agent. */
  agents: string;
  /** IANA time zone the calling hours are read in. */
  timezone: string;
  /** Minutes after local midnight: calls may start at or after `hours_start` and before `hours_end`. */
  hours_start: number;
  hours_end: number;
  max_attempts: number;
  retry_interval_ms: number;
  /** JSON array of outcome keys that put an entry back in the queue (others close it). */
  retry_outcomes: string;
  /** JSON array of `{ key, label, closes, callback }` the agent picks from after a call. */
  dispositions: string;
  wrap_up_seconds: number;
  /** Outbound calls per number, counted from call records; 0 means no cap. */
  cap_per_day: number;
  cap_per_week: number;
  mask_numbers: number;
  /** 1: agents never see this list's numbers (they dial by customer ID). */
  protect_numbers: number;
  /** 1: a call that never connects asks for a disposition too. */
  disposition_unanswered: number;
  /** How long a callback waits for its agent before any agent of the list may take it. */
  callback_grace_ms: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** One number to call in a list, with where it stands. */
export interface CampaignEntriesTable {
  id: string;
  campaign_id: string;
  /** The row in the imported file (header = 1), so a supervisor can find it in their sheet. */
  row_number: number;
  phone: string;
  name: string;
  /** JSON object of the file's other columns, shown to the agent. */
  fields: string;
  status: 'pending' | 'claimed' | 'closed';
  /** Why a closed entry closed: a disposition key, `maxAttempts`, an outcome key or a refusal code. */
  close_reason: string | null;
  attempts: number;
  last_outcome: string | null;
  last_disposition: string | null;
  next_at: number;
  /** The agent a callback belongs to until `owner_until`; afterwards any agent of the list. */
  owner: string | null;
  owner_until: number | null;
  claimed_by: string | null;
  claimed_at: number | null;
  callback_at: number | null;
  created_at: number;
  updated_at: number;
}

/** One dial of an entry and how it ended: outcome, disposition, note and wrap-up time. */
export interface CampaignAttemptsTable {
  id: string;
  campaign_id: string;
  entry_id: string;
  agent_username: string;
  session_id: string | null;
  phone: string;
  outcome: string;
  disposition: string | null;
  note: string | null;
  wrap_up_ms: number;
  created_at: number;
}

/** Numbers that must not be called, with why; `dnc_audit` keeps every add and removal. */
export interface DncNumbersTable {
  phone: string;
  reason: string;
  added_by: string;
  added_at: number;
}

export interface DncAuditTable {
  id: string;
  phone: string;
  action: 'add' | 'remove';
  reason: string;
  actor: string;
  at: number;
}

/** Every permit asked for, granted or refused, with the rule that refused it. */
export interface DialPermitsTable {
  id: string;
  phone: string;
  agent_username: string;
  campaign_id: string | null;
  entry_id: string | null;
  allowed: number;
  reason: string | null;
  created_at: number;
  /** Under number mapping: the customer ID TCCC's UIDToPhone will name. */
  customer_id: string | null;
  expires_at: number | null;
  /** When UIDToPhone consumed it (a permit is used once). */
  used_at: number | null;
}

/** Number protection's mapping: a random customer ID per number (national form). */
export interface NumberMappingsTable {
  id: string;
  phone: string;
  created_at: number;
}

/** An answer that showed a supervisor protected numbers; `campaign_ids` is a JSON array. */
export interface NumberRevealsTable {
  id: string;
  username: string;
  route: string;
  campaign_ids: string;
  numbers: number;
  created_at: number;
}

/** An open sign-in; the cookie carries its id. Deleting the row ends the session on every replica. */
export interface SessionsTable {
  id: string;
  username: string;
  created_at: number;
  /** Last request seen, to the minute (idle timeout). */
  last_seen_at: number;
  /** Unix milliseconds; never later than the sign-in's own lifetime (TTL, an OIDC token's exp). */
  expires_at: number;
}

/** That a call's transcript was fetched from TCCC (once), and how many lines it had. */
export interface CallTranscriptsTable {
  session_id: string;
  line_count: number;
  fetched_at: number;
}

/** A recorded call whose transcript TCCC did not have yet: asked `attempts` times, next at `next_at`. */
export interface TranscriptFetchesTable {
  session_id: string;
  attempts: number;
  next_at: number;
}

/** One sentence of a call, as DescribeTelRecordAsr gave it; times are ms into the call's recording. */
export interface TranscriptLinesTable {
  session_id: string;
  seq: number;
  speaker: 'agent' | 'customer';
  start_ms: number;
  end_ms: number;
  text: string;
}

/** A quality scorecard; `sections` is the JSON of its sections and weighted questions. */
export interface ScorecardsTable {
  id: string;
  name: string;
  sections: string;
  created_by: string;
  created_at: number;
}

/** One review of a call against a scorecard; `answers` is the JSON of question id → met. */
export interface CallScoresTable {
  id: string;
  session_id: string;
  scorecard_id: string;
  agent_username: string;
  scored_by: string;
  answers: string;
  score: number;
  auto_failed: number;
  comment: string | null;
  created_at: number;
}

/** An agent's status changes, as TCCC reported them to the browser: the time in each status per day. */
export interface AgentStatusChangesTable {
  id: string;
  username: string;
  status: 'free' | 'busy' | 'arrange' | 'notReady' | 'rest' | 'offline';
  reason: string | null;
  at: number;
}

/** A seat that had a part in a call besides the one its record names (a transfer's other side). */
export interface CallSeatsTable {
  session_id: string;
  seat_user_id: string;
  at: number;
}

/** When each agent's browser was last heard from (a status report or its heartbeat). */
export interface AgentStatusSeenTable {
  username: string;
  at: number;
}

/** A call handed from one seat to another (a blind transfer): who gave it, who took it. */
export interface CallTransfersTable {
  session_id: string;
  from_seat: string;
  to_seat: string;
  at: number;
}

/** One participant's own recording of a call: a seat's voice (`seat_user_id`) or the customer's. */
export interface CallRecordingsTable {
  session_id: string;
  record_id: string;
  side: 'agent' | 'customer';
  seat_user_id: string | null;
  at: number;
}

export interface Database {
  users: UsersTable;
  customers: CustomersTable;
  calls: CallsTable;
  push_receipts: PushReceiptsTable;
  sync_state: SyncStateTable;
  campaigns: CampaignsTable;
  campaign_entries: CampaignEntriesTable;
  campaign_attempts: CampaignAttemptsTable;
  dnc_numbers: DncNumbersTable;
  dnc_audit: DncAuditTable;
  dial_permits: DialPermitsTable;
  sessions: SessionsTable;
  number_mappings: NumberMappingsTable;
  call_transcripts: CallTranscriptsTable;
  transcript_lines: TranscriptLinesTable;
  scorecards: ScorecardsTable;
  call_scores: CallScoresTable;
  agent_status_changes: AgentStatusChangesTable;
  call_seats: CallSeatsTable;
  number_reveals: NumberRevealsTable;
  transcript_fetches: TranscriptFetchesTable;
  agent_status_seen: AgentStatusSeenTable;
  call_transfers: CallTransfersTable;
  call_recordings: CallRecordingsTable;
}
