export type { CalleeBehaviour } from './callees.js';
export { calleeBehaviour, calleeTable } from './callees.js';
export type {
  AgentStatus,
  CallEvent,
  CallOperation,
  CallParticipant,
  CallPhase,
  CloseBy,
  EmulatorCall,
  HungUpSide,
} from './calls.js';
export type { SeedOptions } from './cdr.js';
export { API_VERSION } from './cloud-api/router.js';
export { verifyTc3 } from './cloud-api/tc3.js';
export type {
  EmulatorConfig,
  EmulatorConfigInput,
  NumberMappingTarget,
  SeatConfig,
  SkillGroupConfig,
  SkillGroupType,
} from './config.js';
export { defaultEmulatorConfig, loadConfigFile, resolveConfig } from './config.js';
export type {
  Emulator,
  EmulatorOptions,
  InboundCall,
  NumberMappingControls,
  PushControls,
  SdkEventName,
} from './emulator.js';
export { startEmulator } from './emulator.js';
export { END_STATUS_STRINGS, endStatusString } from './end-status.js';
export type { EmulatorErrorCode } from './errors.js';
export { EmulatorError, emulatorErrorCodes } from './errors.js';
export type { ApiFault, FaultControls, PushFault, PushFaultMode, SdkFault, SdkFaultMode } from './faults.js';
export { nationalNumber, withCountryPrefix } from './numbers.js';
export type { PushAttempt, PushTarget } from './push.js';
export { MAX_PUSH_RETRIES } from './push.js';
export { SDK_EVENT_NAMES } from './sdk/events.js';
export type { ActionStats, EmulatorStats } from './stats.js';
