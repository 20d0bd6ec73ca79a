import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The project root, which resolves the entries' imports. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One bundled, minified file. */
export interface BuiltLibrary {
  code: string;
  bytes: number;
}

/**
 * Bundles `entry` (relative to the project root) with every dependency, minified, in Vite's
 * library mode, to a temporary folder that is deleted again; `iife` exposes the exports as `name`.
 */
export async function buildLibrary(
  entry: string,
  format: 'es' | 'iife',
  name = 'library',
): Promise<BuiltLibrary> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'sigv4-bench-lib-'));
  try {
    await build({
      // The app's config adds the worker plugin; a library needs none of it.
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        sourcemap: false,
        target: 'es2022',
        lib: { entry: path.join(ROOT, entry), formats: [format], name, fileName: () => 'out.js' },
      },
    });
    const code = await readFile(path.join(outDir, 'out.js'), 'utf8');
    return { code, bytes: Buffer.byteLength(code) };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
