// The server's wire shapes are the single source; this module only re-exports them for the workbench.
export type {
  CallEvent,
  CallEventName,
  CallFilters,
  CallRecord,
  CallStats,
  Customer,
  ImportReport,
  OutcomeKey,
  Page,
  User,
} from '@tccc-dialer/server/api';
// The one shared value: a tiny, import-free table, so the bundle gains no server code.
export { outcomeKeys } from '@tccc-dialer/server/api';
