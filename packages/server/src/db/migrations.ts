import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

/**
 * Every schema change, in order. Names sort by their numeric prefix; a migration never changes once
 * released, a new one is added instead. Kysely's migrator takes a lock table first, so replicas starting
 * together run each migration once.
 */
const migrations: Record<string, Migration> = {
  '0001-users': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('agent', 'supervisor')`))
        .addColumn('seat_user_id', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_seat_user_id').on('users').column('seat_user_id').execute();
    },
  },
  '0100-call-records': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('calls')
        .addColumn('session_id', 'text', (c) => c.primaryKey())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('seat_user_id', 'text', (c) => c.notNull())
        .addColumn('agent_username', 'text')
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('callee', 'text', (c) => c.notNull())
        .addColumn('caller', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('ring_at', 'bigint')
        .addColumn('accepted_at', 'bigint')
        .addColumn('ended_at', 'bigint')
        .addColumn('talk_seconds', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('end_status', 'integer')
        .addColumn('end_status_string', 'text')
        .addColumn('hung_up_side', 'text')
        .addColumn('uui', 'text')
        .addColumn('record_id', 'text')
        .addColumn('has_recording', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('note', 'text')
        .addColumn('has_cdr', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('from_browser', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('from_push', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('from_sync', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // Every history query orders by (started_at, session_id) descending and pages by keyset, so
      // each filter gets an index that ends in those two columns: the first page is an index walk.
      const keyed = (name: string, lead: string[]) =>
        db.schema
          .createIndex(name)
          .on('calls')
          .columns([...lead, 'started_at desc', 'session_id desc'])
          .execute();
      await keyed('calls_started', []);
      await keyed('calls_seat_started', ['seat_user_id']);
      await keyed('calls_phone_started', ['phone']);
      await keyed('calls_outcome_started', ['outcome']);
      await db.schema
        .createTable('push_receipts')
        .addColumn('push_uuid', 'text', (c) => c.primaryKey())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sync_state')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('position', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0200-customers': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('company', 'text')
        .addColumn('note', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // One customer per number (national form); the list pages by name.
      await db.schema.createIndex('customers_phone').on('customers').column('phone').unique().execute();
      await db.schema.createIndex('customers_name_id').on('customers').columns(['name', 'id']).execute();
    },
  },
  '0300-campaigns': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('campaigns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('agents', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('hours_start', 'integer', (c) => c.notNull())
        .addColumn('hours_end', 'integer', (c) => c.notNull())
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('retry_interval_ms', 'bigint', (c) => c.notNull())
        .addColumn('retry_outcomes', 'text', (c) => c.notNull())
        .addColumn('dispositions', 'text', (c) => c.notNull())
        .addColumn('wrap_up_seconds', 'integer', (c) => c.notNull())
        .addColumn('cap_per_day', 'integer', (c) => c.notNull())
        .addColumn('cap_per_week', 'integer', (c) => c.notNull())
        .addColumn('mask_numbers', 'integer', (c) => c.notNull())
        .addColumn('callback_grace_ms', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('campaign_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('campaign_id', 'text', (c) => c.notNull())
        .addColumn('row_number', 'integer', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('close_reason', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_outcome', 'text')
        .addColumn('last_disposition', 'text')
        .addColumn('next_at', 'bigint', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('owner_until', 'bigint')
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_at', 'bigint')
        .addColumn('callback_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // The claim walks pending entries of one list by due time; an agent's own claim is looked up too.
      await db.schema
        .createIndex('campaign_entries_queue')
        .on('campaign_entries')
        .columns(['campaign_id', 'status', 'next_at', 'row_number'])
        .execute();
      await db.schema
        .createIndex('campaign_entries_claimed_by')
        .on('campaign_entries')
        .columns(['claimed_by', 'status'])
        .execute();
      await db.schema
        .createTable('campaign_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('campaign_id', 'text', (c) => c.notNull())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('agent_username', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text')
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('disposition', 'text')
        .addColumn('note', 'text')
        .addColumn('wrap_up_ms', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('campaign_attempts_campaign')
        .on('campaign_attempts')
        .columns(['campaign_id', 'created_at'])
        .execute();
      await db.schema
        .createTable('dnc_numbers')
        .addColumn('phone', 'text', (c) => c.primaryKey())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('added_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('dnc_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dnc_audit_phone').on('dnc_audit').columns(['phone', 'at']).execute();
      await db.schema
        .createTable('dial_permits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('agent_username', 'text', (c) => c.notNull())
        .addColumn('campaign_id', 'text')
        .addColumn('entry_id', 'text')
        .addColumn('allowed', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      // Frequency caps count a number's outbound calls in a window.
      await db.schema
        .createIndex('calls_phone_direction_started')
        .on('calls')
        .columns(['phone', 'direction', 'started_at'])
        .execute();
    },
  },
  '0301-campaign-claim-indexes': {
    async up(db: Kysely<unknown>) {
      // Each claim candidate (own callbacks, abandoned claims) is one index probe, not a scan.
      await db.schema
        .createIndex('campaign_entries_owner')
        .on('campaign_entries')
        .columns(['campaign_id', 'owner', 'status', 'next_at'])
        .execute();
      await db.schema
        .createIndex('campaign_entries_stale')
        .on('campaign_entries')
        .columns(['campaign_id', 'status', 'claimed_at'])
        .execute();
    },
  },
  '0302-campaign-unanswered-disposition': {
    async up(db: Kysely<unknown>) {
      // A list may ask for a disposition after a call that never connected, too.
      await db.schema
        .alterTable('campaigns')
        .addColumn('disposition_unanswered', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0400-sessions': {
    async up(db: Kysely<unknown>) {
      // One row per open sign-in: ending a session is deleting its row, which every replica sees.
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_username').on('sessions').column('username').execute();
      await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
    },
  },
  '0450-number-mapping': {
    async up(db: Kysely<unknown>) {
      // Number protection: one random customer ID per number, asked for by TCCC (PhoneToUID / UIDToPhone).
      await db.schema
        .createTable('number_mappings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('phone', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      // A permit names the customer ID TCCC will ask for, lives for a TTL and is used once.
      await db.schema.alterTable('dial_permits').addColumn('customer_id', 'text').execute();
      await db.schema.alterTable('dial_permits').addColumn('expires_at', 'bigint').execute();
      await db.schema.alterTable('dial_permits').addColumn('used_at', 'bigint').execute();
      await db.schema
        .createIndex('dial_permits_customer')
        .on('dial_permits')
        .columns(['customer_id', 'created_at'])
        .execute();
      // A list may keep its numbers from agents (needs number mapping).
      await db.schema
        .alterTable('campaigns')
        .addColumn('protect_numbers', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0451-unpermitted-calls': {
    async up(db: Kysely<unknown>) {
      // A CDR of an outbound call that carried no permit (e.g. forced to a real number from devtools).
      await db.schema
        .alterTable('calls')
        .addColumn('unpermitted', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0452-number-reveals': {
    async up(db: Kysely<unknown>) {
      // Each answer that showed a supervisor numbers of protected lists (who, when, which lists).
      await db.schema
        .createTable('number_reveals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('campaign_ids', 'text', (c) => c.notNull())
        .addColumn('numbers', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('number_reveals_at').on('number_reveals').column('created_at').execute();
    },
  },
  '0500-agent-status-changes': {
    async up(db: Kysely<unknown>) {
      // Each status an agent entered and when; time in a status runs until the next change.
      await db.schema
        .createTable('agent_status_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('agent_status_changes_user_at')
        .on('agent_status_changes')
        .columns(['username', 'at'])
        .execute();
    },
  },
  '0501-call-seats': {
    async up(db: Kysely<unknown>) {
      // Every seat that had a part in a call (a transfer hands one call from seat to seat), so each
      // one's history shows it whoever holds the record.
      await db.schema
        .createTable('call_seats')
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('seat_user_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('call_seats_pk', ['session_id', 'seat_user_id'])
        .execute();
      await db.schema
        .createIndex('call_seats_seat')
        .on('call_seats')
        .columns(['seat_user_id', 'session_id'])
        .execute();
    },
  },
  '0502-call-disposition': {
    async up(db: Kysely<unknown>) {
      // The disposition an agent gives a call outside a list during after-call work.
      await db.schema.alterTable('calls').addColumn('disposition', 'text').execute();
    },
  },
  '0503-agent-status-seen': {
    async up(db: Kysely<unknown>) {
      // The last time each agent's browser was heard from: a browser that vanishes without saying so
      // stops counting as signed in a bounded time after it.
      await db.schema
        .createTable('agent_status_seen')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0504-call-transfers': {
    async up(db: Kysely<unknown>) {
      // Who handed a call to whom, so both agents' history can say the call was transferred.
      await db.schema
        .createTable('call_transfers')
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('from_seat', 'text', (c) => c.notNull())
        .addColumn('to_seat', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('call_transfers_pk', ['session_id', 'to_seat'])
        .execute();
    },
  },
  '0550-call-transcripts': {
    async up(db: Kysely<unknown>) {
      // A call's transcript from DescribeTelRecordAsr, fetched once: the row says it was fetched (even
      // when TCCC had no lines), the lines are kept one per row so a phrase search reads them directly.
      await db.schema
        .createTable('call_transcripts')
        .addColumn('session_id', 'text', (c) => c.primaryKey())
        .addColumn('line_count', 'integer', (c) => c.notNull())
        .addColumn('fetched_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('transcript_lines')
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('speaker', 'text', (c) => c.notNull().check(sql`speaker in ('agent', 'customer')`))
        .addColumn('start_ms', 'bigint', (c) => c.notNull())
        .addColumn('end_ms', 'bigint', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('transcript_lines_pk', ['session_id', 'seq'])
        .execute();
    },
  },
  '0551-quality-scoring': {
    async up(db: Kysely<unknown>) {
      // A scorecard's sections and questions are one JSON document: it is read and written whole.
      await db.schema
        .createTable('scorecards')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sections', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('call_scores')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('scorecard_id', 'text', (c) => c.notNull())
        .addColumn('agent_username', 'text', (c) => c.notNull())
        .addColumn('scored_by', 'text', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('score', 'real', (c) => c.notNull())
        .addColumn('auto_failed', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('call_scores_session').on('call_scores').column('session_id').execute();
      await db.schema
        .createIndex('call_scores_agent')
        .on('call_scores')
        .columns(['agent_username', 'created_at'])
        .execute();
    },
  },
  '0552-transcript-fetches': {
    async up(db: Kysely<unknown>) {
      // Calls whose transcript TCCC did not have yet: how often it was asked, and when to ask again.
      await db.schema
        .createTable('transcript_fetches')
        .addColumn('session_id', 'text', (c) => c.primaryKey())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('calls_recorded_ended')
        .on('calls')
        .columns(['has_recording', 'ended_at'])
        .execute();
    },
  },
  '0560-call-recordings': {
    async up(db: Kysely<unknown>) {
      // Each participant's own recording of a call (TCCC records every party apart from the mix):
      // which side it holds and, for a seat, whose. The signed links are never stored.
      await db.schema
        .createTable('call_recordings')
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('agent', 'customer')`))
        .addColumn('seat_user_id', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('call_recordings_pk', ['session_id', 'record_id'])
        .execute();
    },
  },
  '0010-users-by-seat': {
    async up(db: Kysely<unknown>) {
      // Every CDR and browser event names its agent by the seat's first user (`order by username`):
      // with the username in the index that is an index walk, not a sort per row (a tenth of a push's
      // work on SQLite).
      await db.schema
        .createIndex('users_seat_user_id_username')
        .on('users')
        .columns(['seat_user_id', 'username'])
        .execute();
      await db.schema.dropIndex('users_seat_user_id').execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export interface MigrationReport {
  applied: string[];
}

/** Brings the schema up to date; safe to run on every start and from several replicas at once. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationReport> {
  // Each area numbers its migrations in a range of its own, so one added later may sort before one a
  // database already ran (0452 after 0500): it still runs, once, instead of refusing to start.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
