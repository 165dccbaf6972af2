import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { coreErrorTexts } from './errors.js';
import { precallErrorTexts } from './precall-errors.js';

// What an integrator's bundler keeps of each entry: the core must not drag in the pre-call check,
// its texts or any dependency, whatever a later import adds.
async function bundle(entry: string) {
  const out = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    charset: 'utf8',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(out.metafile.inputs).map((f) => f.split('/').pop());
  return { text: out.outputFiles[0]?.text ?? '', inputs };
}

describe('entries', () => {
  it('the core carries its own error texts, none of the pre-call ones, and no dependency', async () => {
    const core = await bundle('./index.ts');
    for (const [zh, en, zhRemedy, enRemedy] of Object.values(coreErrorTexts))
      for (const t of [zh, en, zhRemedy, enRemedy]) expect(core.text).toContain(t);
    for (const [zh, en, zhRemedy, enRemedy] of Object.values(precallErrorTexts))
      for (const t of [zh, en, zhRemedy, enRemedy]) expect(core.text).not.toContain(t);
    expect(core.inputs).not.toContain('precall-check.ts');
    expect(core.inputs).not.toContain('input-level.ts');
    expect(core.inputs.filter((f) => !f?.endsWith('.ts'))).toEqual([]);
  });

  it('./precall brings the texts of the codes only it raises', async () => {
    const precall = await bundle('./precall.ts');
    for (const [zh, en, zhRemedy, enRemedy] of Object.values(precallErrorTexts))
      for (const t of [zh, en, zhRemedy, enRemedy]) expect(precall.text).toContain(t);
  });
});
