import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { devicesErrorTexts } from './devices-errors.js';
import { coreErrorTexts } from './errors.js';
import { guardsErrorTexts } from './guards-errors.js';
import { precallErrorTexts } from './precall-errors.js';

// What an integrator's bundler keeps of each entry: the core must not drag in the pre-call check,
// the devices, the page guards, their texts or any dependency, whatever a later import adds.
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
  it('the core carries its own error texts, none of the other entries’, and no dependency', async () => {
    const core = await bundle('./index.ts');
    for (const [zh, en, zhRemedy, enRemedy] of Object.values(coreErrorTexts))
      for (const t of [zh, en, zhRemedy, enRemedy]) expect(core.text).toContain(t);
    for (const texts of [precallErrorTexts, devicesErrorTexts, guardsErrorTexts])
      for (const [zh, en] of Object.values(texts))
        for (const t of [zh, en]) expect(core.text).not.toContain(t);
    for (const file of [
      'precall-check.ts',
      'input-level.ts',
      'audio-devices.ts',
      'microphone-picker.ts',
      'page-guards.ts',
    ])
      expect(core.inputs).not.toContain(file);
    expect(core.inputs.filter((f) => !f?.endsWith('.ts'))).toEqual([]);
  });

  it.each([
    ['./precall.ts', precallErrorTexts],
    ['./devices.ts', devicesErrorTexts],
    ['./guards.ts', guardsErrorTexts],
  ])('%s brings the texts of the codes only it raises, and no dependency', async (entry, texts) => {
    const out = await bundle(entry);
    for (const [zh, en, zhRemedy, enRemedy] of Object.values(texts))
      for (const t of [zh, en, zhRemedy, enRemedy]) expect(out.text).toContain(t);
    expect(out.inputs.filter((f) => !f?.endsWith('.ts'))).toEqual([]);
  });
});
