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
}
