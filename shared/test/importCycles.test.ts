import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The package's own code: what ships in `lib/`. */
const PACKAGE_DIRS = ['shared', 'sw', 'app/client'];
/** `import … from './x.ts'` and `export … from './x.ts'`, type-only ones included. */
const RELATIVE_IMPORT = /^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .filter((file) => !file.split('/').includes('test'));
}

/** Every import cycle among `files`, each as the files along it. */
function cycles(files: string[]): string[][] {
  const edges = new Map(
    files.map((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const targets = [...text.matchAll(RELATIVE_IMPORT)].map((m) =>
        relative(ROOT, resolve(ROOT, dirname(file), m[1]!)),
      );
      return [file, targets] as const;
    }),
  );
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file]);
      return;
    }
    state.set(file, 'open');
    for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  return found;
}

describe('the package code', () => {
  it('has no import cycle, type-only imports included', () => {
    const files = PACKAGE_DIRS.flatMap(sources);
    expect(files.length).toBeGreaterThan(50);
    expect(cycles(files)).toEqual([]);
  });
});
