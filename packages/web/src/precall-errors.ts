import { addErrorTexts, type ErrorText, TcccDialerError } from './errors.js';
import { mediaErrorCode } from './media-errors.js';

// Codes only the pre-call check and the input meter raise. Their texts ship with
// `@tccc-dialer/web/precall` and join the catalog when it is imported (see errors.ts).
export const precallErrorTexts = {
  INSECURE_CONTEXT: [
    '非安全连接，麦克风不可用',
    'Insecure page: no microphone',
    '使用 HTTPS（开发可用 localhost）；iframe 需 allow="microphone"',
    'Use HTTPS (localhost in development); iframes need allow="microphone"',
  ],
  BROWSER_UNSUPPORTED: [
    '浏览器不支持通话',
    'Browser not supported',
    '使用最新版 Chrome 或 Edge（85 及以上）',
    'Use a current Chrome or Edge (version 85 or newer)',
  ],
  MIC_CHECK_FAILED: [
    '麦克风检测失败',
    'Microphone check failed',
    '重插设备后重试',
    'Replug the device, then retry',
  ],
  MIC_SILENT: [
    '麦克风无声音',
    'Microphone is silent',
    '检查静音开关和系统输入',
    'Check the mute switch and system input',
  ],
  MIC_LEVEL_UNAVAILABLE: [
    '无法测量音量',
    'Cannot measure the input level',
    '点击按钮后再检测',
    'Run the check from a click',
  ],
} as const satisfies Record<string, ErrorText>;

export type PrecallErrorCode = keyof typeof precallErrorTexts;

// Runs on import. The package is marked side-effect free, but every pre-call path uses mediaError()
// below, so a bundler that keeps the check keeps this line too.
addErrorTexts(precallErrorTexts);

/**
 * A getUserMedia failure as a TcccDialerError: a microphone code, INSECURE_CONTEXT for a
 * SecurityError, else MIC_CHECK_FAILED. (Chrome hides `mediaDevices` on an insecure page rather than
 * throwing; the check's secure-context step catches that first.)
 */
export function mediaError(cause: unknown): TcccDialerError {
  const name = (cause as { name?: unknown } | undefined)?.name;
  const code = mediaErrorCode(cause) ?? (name === 'SecurityError' ? 'INSECURE_CONTEXT' : 'MIC_CHECK_FAILED');
  return new TcccDialerError(code, typeof name === 'string' ? name : undefined, { cause });
}
