// @tccc-dialer/web/precall: the pre-call check and the live input meter. A separate entry, so a
// softphone bundle does not carry a check that integrators usually run on a settings page.
export { type WatchInputLevelOptions, watchInputLevel } from './input-level.js';
export {
  type PrecallCheck,
  type PrecallCheckId,
  type PrecallOptions,
  type PrecallReport,
  type PrecallStatus,
  type PrecallWindow,
  runPrecallCheck,
} from './precall-check.js';
