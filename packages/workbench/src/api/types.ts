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
// The only shared values: small, import-free tables, so the bundle gains no server code.
export { outcomeByEndStatus, outcomeKeys } from '@tccc-dialer/server/api';
