import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// A type-level test of the public API (Twilio's tests/typecheck, stripe-js tests/types): tsc compiles a
// usage file under the package's own strict options. Misuse lines carry @ts-expect-error, so a type
// that became too loose fails here as an unused directive.
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

function diagnostics(files: string[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    here('../tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json did not parse');
  const options = { ...config.options, noEmit: true, composite: false, incremental: false };
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName.split('/src/')[1]}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('public API types', () => {
  it('accept the documented usage and refuse every listed misuse', () => {
    expect(diagnostics([here('public-api.typecheck.ts')])).toEqual([]);
  }, 60_000);

  it('the unit tests and their fakes type-check too', () => {
    const tests = [
      'dialer',
      'call',
      'audio-devices',
      'microphone-picker',
      'precall-check',
      'input-level',
      'page-guards',
      'errors-doc',
      'entries',
      'phone',
    ].map((n) => here(`${n}.test.ts`));
    expect(diagnostics(tests)).toEqual([]);
  }, 60_000);
});
