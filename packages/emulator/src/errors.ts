/** Programmer misuse of the emulator (bad options); cloud API errors use Tencent's envelope instead. */
export class EmulatorError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmulatorError';
    this.code = code;
  }
}
