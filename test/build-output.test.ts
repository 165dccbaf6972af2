// What `npm run build` ships: no test helper in any package's dist/, and no built file that needs a
// package the package does not depend on (a devDependency would be missing for whoever installs it).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '@tccc-dialer/test-support';
import { describe, expect, it } from 'vitest';

const libraries = ['emulator', 'web', 'server'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The package a bare import names (`@scope/name/sub` → `@scope/name`), or undefined for a relative one. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('the build output', () => {
  for (const name of libraries) {
    it(`@tccc-dialer/${name}: dist/ holds no test helper and imports only its dependencies`, () => {
      const root = join(repoRoot, 'packages', name);
      const dist = join(root, 'dist');
      expect(existsSync(dist), `${dist} (run npm run build)`).toBe(true);
      const built = files(dist);
      expect(built.filter((f) => /test-support|\.test\.|typecheck/.test(f.slice(dist.length)))).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
      };
      const allowed = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {})]);
      const strays = new Set<string>();
      for (const file of built.filter((f) => f.endsWith('.js'))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(
          /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
        )) {
          const pkg = packageOf(m[1] ?? m[2] ?? '.');
          if (pkg !== undefined && !allowed.has(pkg) && !builtinModules.includes(pkg))
            strays.add(`${pkg} (${file.slice(dist.length)})`);
        }
      }
      expect([...strays]).toEqual([]);
    });
  }
});
