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
  /** 1 once a CDR (push or sync) has been merged: its fields then win over browser events. */
  has_cdr: number;
  from_browser: number;
  from_push: number;
  from_sync: number;
  created_at: number;
  updated_at: number;
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

export interface Database {
  users: UsersTable;
  customers: CustomersTable;
  calls: CallsTable;
  push_receipts: PushReceiptsTable;
  sync_state: SyncStateTable;
}
