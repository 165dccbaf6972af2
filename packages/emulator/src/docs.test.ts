// docs/emulator.md is the contract other teams read: these checks fail when code and doc drift.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actions } from './actions/index.js';
import { calleeTable } from './callees.js';
import { usage } from './cli-args.js';
import { controlRoutes } from './control-api.js';
import type { Emulator } from './emulator.js';
import { endStatusString } from './end-status.js';
import { emulatorErrorCodes } from './errors.js';
import { SDK_EVENT_NAMES } from './sdk/events.js';

const doc = readFileSync(new URL('../../../docs/emulator.md', import.meta.url), 'utf8');
const rowOf = (cell: string): string | undefined => doc.split('\n').find((l) => l.startsWith(`| ${cell}`));

describe('docs/emulator.md', () => {
  it.each(Object.entries(emulatorErrorCodes))(
    'documents error %s in both languages with its remedy',
    (code, text) => {
      const row = rowOf(`\`${code}\``);
      expect(row).toBeDefined();
      expect(row).toContain(text['zh-CN']);
      expect(row).toContain(text['en-US']);
      expect(row).toContain(text.remedy.split(' (see')[0]);
    },
  );

  it.each(calleeTable.map((c) => [c.number, c.behaviour] as const))(
    'documents callee %s',
    (number, behaviour) => {
      const row = rowOf(`\`${number}\``);
      expect(row).toBeDefined();
      if (behaviour.kind === 'fail')
        expect(row).toContain(`${behaviour.endStatus} \`${endStatusString(behaviour.endStatus)}\``);
    },
  );

  it('documents every control route with its method', () => {
    // The table is only read here, never called: the handle behind it is not needed.
    for (const [method, pattern] of controlRoutes({} as Emulator)) {
      const path = pattern.source.replace(/^\^|\$$/g, '').replaceAll('\\/', '/');
      const fixed = path.split('(')[0] ?? path;
      expect(doc).toContain(`${method} /_emulator/${fixed}`);
    }
  });

  it('documents every action, CLI flag and SDK event', () => {
    for (const name of actions.keys()) expect(doc).toContain(`| \`${name}\``);
    for (const flag of usage.match(/--[a-z-]+/g) ?? []) expect(doc).toContain(`\`${flag}`);
    for (const event of SDK_EVENT_NAMES) expect(doc).toContain(`| \`${event}\``);
  });
});
