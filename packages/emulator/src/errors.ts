/** Every way starting or driving the emulator can fail; docs/emulator.md lists them (a test keeps the two in step). */
export const emulatorErrorCodes = {
  INVALID_OPTION: {
    'zh-CN': '模拟器参数无效。',
    'en-US': 'An emulator option or command-line flag is invalid.',
    remedy: 'Fix the option named in the message; `tccc-emulator --help` lists the flags.',
  },
  INVALID_CONFIG: {
    'zh-CN': '模拟器配置文件无效。',
    'en-US': 'The emulator config file cannot be read or has an invalid field.',
    remedy: 'Fix the field named in the message (see "Config file" in docs/emulator.md).',
  },
  UNKNOWN_SEAT: {
    'zh-CN': '该座席不存在。',
    'en-US': 'No seat with this user id exists in the emulator config.',
    remedy: 'Use a `seats[].userId` from the config (GET /_emulator/config lists them).',
  },
  UNKNOWN_SKILL_GROUP: {
    'zh-CN': '该技能组不存在。',
    'en-US': 'No skill group with this id exists in the emulator config.',
    remedy: 'Use a `skillGroups[].skillGroupId` from the config (GET /_emulator/config lists them).',
  },
  UNKNOWN_NUMBER: {
    'zh-CN': '该号码不是本应用的号码。',
    'en-US': 'The number is not one of the app’s numbers.',
    remedy: 'Use a number from `numbers` in the config (GET /_emulator/config lists them).',
  },
  LISTEN_FAILED: {
    'zh-CN': '模拟器无法监听该端口。',
    'en-US': 'The emulator cannot listen on the port.',
    remedy: 'Pick another `--port` (0 takes any free one) or stop what uses it.',
  },
} as const;

export type EmulatorErrorCode = keyof typeof emulatorErrorCodes;

/** Misuse of the emulator itself (bad options); cloud API errors use Tencent's envelope instead. */
export class EmulatorError extends Error {
  readonly code: EmulatorErrorCode;
  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmulatorError';
    this.code = code;
  }
}
