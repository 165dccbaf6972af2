// @tccc-dialer/web/devices: the agent's microphone and speaker around TCCC's SDK, which can list
// devices but not choose them. A separate entry, so a softphone bundle carries it only if it asks.
export {
  type AudioDevice,
  createDevices,
  type DeviceKind,
  type DeviceLists,
  type Devices,
  type DevicesEvents,
  type DevicesOptions,
  type LostDevice,
  type SinkTarget,
} from './audio-devices.js';
export { microphonePicker } from './microphone-picker.js';
