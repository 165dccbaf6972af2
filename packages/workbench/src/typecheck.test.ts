import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const workbench = fileURLToPath(new URL('..', import.meta.url));
const vueTsc = createRequire(import.meta.url).resolve('vue-tsc/bin/vue-tsc.js');

/** Runs vue-tsc on a project and gives back what it printed (it exits non-zero on any error). */
function typecheck(project: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, [vueTsc, '--noEmit', '-p', project], (_error, stdout, stderr) =>
      resolve(`${stdout}${stderr}`),
    );
  });
}

// Biome cannot be the only guard here: it sees a component used only when the template names it in
// PascalCase. vue-tsc reads templates as Vue compiles them, under the workbench's own tsconfig.
describe('the workbench type-check', () => {
  let dir: string;
  let output: string;

  beforeAll(async () => {
    // Inside the package (test-results/ is ignored by git and Biome), so `vue` and `element-plus`
    // resolve as they do for the app's own files.
    mkdirSync(join(workbench, 'test-results'), { recursive: true });
    dir = mkdtempSync(join(workbench, 'test-results', 'vue-tsc-'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: '../../tsconfig.json', include: ['*.vue'] }),
    );
    // ElButton is imported but the template never uses it: the mistake the check must catch.
    writeFileSync(
      join(dir, 'Unused.vue'),
      [
        '<script setup lang="ts">',
        "import { ElButton, ElTag } from 'element-plus';",
        '</script>',
        '',
        '<template>',
        '  <ElTag>ok</ElTag>',
        '</template>',
        '',
      ].join('\n'),
    );
    // Used only in the template, in both spellings Vue accepts: not an error.
    writeFileSync(
      join(dir, 'Used.vue'),
      [
        '<script setup lang="ts">',
        "import { ElButton, ElTag } from 'element-plus';",
        'const label = "ok";',
        '</script>',
        '',
        '<template>',
        '  <ElButton>{{ label }}</ElButton>',
        '  <el-tag>{{ label }}</el-tag>',
        '</template>',
        '',
      ].join('\n'),
    );
    output = await typecheck(dir);
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports an import a .vue file never uses, and no name its template uses', () => {
    expect(output).toMatch(
      /Unused\.vue\(2,10\): error TS6133: 'ElButton' is declared but its value is never read/,
    );
    // That one mistake and nothing else: names used only in a template count as used.
    expect(output.match(/error TS/g)).toHaveLength(1);
    expect(output).not.toContain('Used.vue');
  });
});
