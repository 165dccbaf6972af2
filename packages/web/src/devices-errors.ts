import { addErrorTexts, type ErrorText, TcccDialerError, type TcccDialerErrorCode } from './errors.js';
import { mediaErrorCode } from './media-errors.js';

// Codes only `@tccc-dialer/web/devices` raises. Their texts ship with that entry and join the
// catalog when it is imported (see errors.ts).
export const devicesErrorTexts = {
  DEVICE_LOST: [
    '音频设备已断开',
    'An audio device disconnected',
    '重连耳麦，或选择其他设备',
    'Reconnect the headset or choose another device',
  ],
  DEVICE_UNAVAILABLE: [
    '所选设备不可用',
    'The chosen device is unavailable',
    '重新插好设备，或选择其他设备',
    'Replug it or choose another device',
  ],
  SPEAKER_UNSUPPORTED: [
    '此浏览器不能选择扬声器',
    'This browser cannot choose the speaker',
    '使用 Chrome 或 Edge 110 及以上，或在系统设置中切换',
    'Use Chrome or Edge 110+, or switch it in the system settings',
  ],
} as const satisfies Record<string, ErrorText>;

export type DevicesErrorCode = keyof typeof devicesErrorTexts;

// Runs on import; every failure of the entry is built by deviceError() below, so a bundler that
// keeps the entry keeps this line too.
addErrorTexts(devicesErrorTexts);

/** A failure of the devices entry, with the browser's exception as its cause. */
export const deviceError = (code: TcccDialerErrorCode, detail?: string, cause?: unknown): TcccDialerError =>
  new TcccDialerError(code, detail, { cause });

/** A microphone grant that failed: the microphone's own code when the exception names one. */
export const grantError = (cause: unknown): TcccDialerError =>
  deviceError(mediaErrorCode(cause) ?? 'DEVICE_UNAVAILABLE', (cause as Error | undefined)?.name, cause);
