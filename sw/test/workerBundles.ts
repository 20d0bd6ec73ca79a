import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build as esbuild } from 'esbuild';
import { build as viteBuild, parseSync, type ESTree } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import webpack from 'webpack';

const execFileAsync = promisify(execFile);

/** The repository root: its package.json, its tsconfig for the worker entries, its node_modules. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE = 'sigv4-service-worker';
/** The precache manifest the esbuild and webpack builds inline (vite-plugin-pwa injects its own). */
const MANIFEST = JSON.stringify([{ url: 'index.html', revision: '1' }]);
/** The app shell the consumer precaches; the e2e server serves it beside every bundle. */
export const SHELL_HTML =
  '<!doctype html>\n<html>\n  <head><title>consumer</title></head>\n  <body></body>\n</html>\n';

/** One bundled worker script, as a bundler wrote it. */
export interface WorkerBundle {
  /** Bundler and format, also the bundle's folder under the consumer's `out/`. */
  name: string;
  /** How the bundle is meant to be registered: every bundle evaluates as a module worker too. */
  classic: boolean;
  /** The folder the bundler wrote (the worker is `sw.js` in it, beside what else it emitted). */
  dir: string;
  code: string;
  /** Every JavaScript file the bundler wrote: a second one is a chunk the worker would load. */
  scripts: string[];
}

/**
 * Makes a consumer project in `dir` as `npm install sigv4-service-worker` would: the package built
 * by tsc from this repository (package.json and `lib/`, resolved through `exports`), its
 * dependencies linked from this repository's node_modules, and the worker entry `sw.js`.
 */
export async function makeConsumer(dir: string): Promise<void> {
  const installed = path.join(dir, 'node_modules', PACKAGE);
  await mkdir(installed, { recursive: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const lib = path.join(installed, 'lib');
  await execFileAsync('node', [tsc, '-p', 'tsconfig.lib-sw.json', '--outDir', lib], { cwd: ROOT });
  const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  await writeFile(path.join(installed, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const dependency of [...Object.keys(manifest.dependencies), 'workbox-precaching']) {
    const link = path.join(dir, 'node_modules', dependency);
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules', dependency), link, 'dir').catch(
      // workbox-precaching is the consumer's own dependency and the package's too.
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
  }
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await copyFile(
    fileURLToPath(new URL('consumerWorker.js', import.meta.url)),
    path.join(dir, 'sw.js'),
  );
  await writeFile(path.join(dir, 'index.html'), SHELL_HTML);
}

async function readBundle(name: string, dir: string, classic: boolean): Promise<WorkerBundle> {
  const files = await readdir(dir, { recursive: true });
  const scripts = files.filter((file) => /\.m?js$/.test(file)).sort();
  const code = await readFile(path.join(dir, 'sw.js'), 'utf8');
  return { name, classic, dir, code, scripts };
}

/** The consumer's worker bundled by esbuild, minified for the browser, as one file. */
export async function bundleWithEsbuild(
  consumer: string,
  format: 'iife' | 'esm',
): Promise<WorkerBundle> {
  const dir = path.join(consumer, 'out', `esbuild-${format}`);
  await esbuild({
    absWorkingDir: consumer,
    entryPoints: ['sw.js'],
    outfile: path.join(dir, 'sw.js'),
    bundle: true,
    format,
    platform: 'browser',
    minify: true,
    logLevel: 'silent',
    define: { 'self.__WB_MANIFEST': MANIFEST, 'process.env.NODE_ENV': '"production"' },
  });
  return readBundle(`esbuild-${format}`, dir, format === 'iife');
}

/**
 * The consumer's worker bundled by vite-plugin-pwa's `injectManifest` with its defaults (an ES
 * bundle by Rollup's API, `rollupFormat: 'es'`), exactly the options of `examples/vite-pwa/`.
 */
export async function bundleWithVitePwa(consumer: string): Promise<WorkerBundle> {
  const dir = path.join(consumer, 'out', 'vite-pwa');
  await viteBuild({
    configFile: false,
    root: consumer,
    logLevel: 'silent',
    build: { outDir: dir, emptyOutDir: true },
    plugins: [
      VitePWA({
        strategies: 'injectManifest',
        srcDir: '.',
        filename: 'sw.js',
        injectRegister: false,
        manifest: false,
        // Only the worker build's log level (it ignores the app's): its output would clutter the run.
        integration: { configureCustomSWViteBuild: (inline) => void (inline.logLevel = 'error') },
      }),
    ],
  });
  // Registered as a classic script, SigningClient's default: what the example does.
  return readBundle('vite-pwa', dir, true);
}

/** The consumer's worker bundled by webpack 5 for `webworker`, in production mode. */
export async function bundleWithWebpack(consumer: string): Promise<WorkerBundle> {
  const dir = path.join(consumer, 'out', 'webpack');
  const compiler = webpack({
    context: consumer,
    mode: 'production',
    target: 'webworker',
    entry: './sw.js',
    output: { path: dir, filename: 'sw.js' },
    plugins: [new webpack.DefinePlugin({ 'self.__WB_MANIFEST': MANIFEST })],
    infrastructureLogging: { level: 'error' },
  });
  await new Promise<void>((resolve, reject) =>
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error) reject(error);
        else if (stats?.hasErrors()) reject(new Error(stats.toString('errors-only')));
        else resolve();
      });
    }),
  );
  return readBundle('webpack', dir, true);
}

/** Every bundle the tests check: esbuild (iife and esm), vite-plugin-pwa, webpack. */
export async function bundleEveryWay(consumer: string): Promise<WorkerBundle[]> {
  // One after the other: the machine is shared, and each bundler uses every core it gets.
  return [
    await bundleWithEsbuild(consumer, 'iife'),
    await bundleWithEsbuild(consumer, 'esm'),
    await bundleWithVitePwa(consumer),
    await bundleWithWebpack(consumer),
  ];
}

/** What a worker script holds that a service worker cannot evaluate, or a classic one cannot. */
export interface ScriptHazards {
  /** `import(…)`: forbidden in service workers (HTML, "import() is disallowed in ServiceWorkerGlobalScope"). */
  dynamicImports: string[];
  /** `import.meta`: a syntax error in a classic script. */
  importMetas: string[];
  /** Top-level `import`/`export` statements: a syntax error in a classic script. */
  moduleStatements: string[];
  /** References to the global `document`, which a worker has not (Vite's preload helper reads it). */
  documentReferences: string[];
}

/**
 * Parses `code` (oxc, through Vite) and lists its hazards, each with a little of its source, so
 * words in strings or comments and property names (`x.document`) do not count.
 */
export function scriptHazards(code: string): ScriptHazards {
  const { program, module, errors } = parseSync('sw.js', code, { sourceType: 'module' });
  if (errors.length > 0) throw new Error(`sw.js does not parse: ${errors[0]!.message}`);
  const excerpt = ({ start, end }: { start: number; end: number }) =>
    code.slice(start, Math.min(end, start + 80));
  return {
    dynamicImports: module.dynamicImports.map(excerpt),
    importMetas: module.importMetas.map(excerpt),
    moduleStatements: [...module.staticImports, ...module.staticExports].map(excerpt),
    documentReferences: documentReferences(program).map(excerpt),
  };
}

/** Identifiers named `document` that are references, not property names or keys. */
function documentReferences(program: ESTree.Program): Array<{ start: number; end: number }> {
  const found: Array<{ start: number; end: number }> = [];
  const walk = (node: unknown, parent: Record<string, unknown> | undefined): void => {
    if (Array.isArray(node)) return node.forEach((child) => walk(child, parent));
    if (node === null || typeof node !== 'object') return;
    const current = node as Record<string, unknown> & { type?: string };
    if (current.type === 'Identifier' && current.name === 'document') {
      const isName =
        parent !== undefined &&
        !parent.computed &&
        ((parent.type === 'MemberExpression' && parent.property === current) ||
          (parent.type === 'Property' && parent.key === current && !parent.shorthand) ||
          (parent.type === 'MethodDefinition' && parent.key === current) ||
          (parent.type === 'PropertyDefinition' && parent.key === current));
      if (!isName) found.push(current as unknown as { start: number; end: number });
    }
    for (const [key, value] of Object.entries(current)) {
      if (key !== 'type' && typeof value === 'object') walk(value, current);
    }
  };
  walk(program, undefined);
  return found;
}
