export type { EmulatorConfig, SeatConfig } from './config.js';
export { defaultEmulatorConfig } from './config.js';
export type {
  ApiFault,
  CallEvent,
  Emulator,
  EmulatorCall,
  EmulatorOptions,
  EmulatorStats,
  FaultControls,
  SdkFaultMode,
} from './emulator.js';
export { nationalNumber, startEmulator } from './emulator.js';
export { EmulatorError } from './errors.js';
