import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type InlineConfig, type Plugin, type ResolvedConfig } from 'vite';

/** Files of the built app that the worker precaches as the app shell. */
const PRECACHE_PATTERN = /\.(html|js|css|webmanifest|svg|png|ico|woff2)$/;
/** The placeholder Workbox's precaching reads its manifest from. */
const MANIFEST_PLACEHOLDER = 'self.__WB_MANIFEST';

interface Options {
  /** The worker's entry module, relative to the project root. */
  entry: string;
  /** Served and written at the site root under this name. */
  fileName?: string;
}

/**
 * Builds the service worker as its own IIFE bundle, served at `/<fileName>` by the dev server and
 * written beside the app on build, with the app shell's precache manifest injected.
 */
export function serviceWorker({ entry, fileName = 'sw.js' }: Options): Plugin {
  let config: ResolvedConfig;

  const workerBuild = (write: boolean): InlineConfig => ({
    configFile: false,
    root: config.root,
    mode: config.mode,
    envDir: config.envDir,
    logLevel: 'warn',
    define: {
      // The AWS SDK and Vite's preload helper read import.meta, which an IIFE has none of.
      'import.meta.url': 'self.location.href',
      'import.meta.resolve': 'undefined',
      'process.env.NODE_ENV': JSON.stringify(config.isProduction ? 'production' : 'development'),
    },
    build: {
      write,
      outDir: config.build.outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      modulePreload: false,
      minify: config.isProduction,
      sourcemap: config.isProduction ? false : 'inline',
      rolldownOptions: {
        input: path.resolve(config.root, entry),
        output: { format: 'iife', entryFileNames: fileName, codeSplitting: false },
      },
    },
  });

  return {
    name: 'service-worker',
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      let cached: Promise<string> | undefined;
      // Any change to worker or shared code invalidates the in-memory bundle.
      server.watcher.on('change', (file) => {
        if (/[\\/](sw|shared)[\\/]/.test(file)) cached = undefined;
      });
      server.middlewares.use(`/${fileName}`, (_req, res, next) => {
        cached ??= bundleInMemory(workerBuild(false));
        cached.then(
          (code) => {
            res.setHeader('Content-Type', 'text/javascript');
            res.setHeader('Cache-Control', 'no-cache');
            res.end(code.replace(MANIFEST_PLACEHOLDER, '[]'));
          },
          (error: unknown) => {
            cached = undefined;
            next(error);
          },
        );
      });
    },
    async closeBundle() {
      if (config.command !== 'build') return;
      await build(workerBuild(true));
      const outDir = path.resolve(config.root, config.build.outDir);
      const file = path.join(outDir, fileName);
      const manifest = await precacheManifest(outDir, fileName);
      const code = await readFile(file, 'utf8');
      if (!code.includes(MANIFEST_PLACEHOLDER)) {
        throw new Error(
          `${entry} must reference ${MANIFEST_PLACEHOLDER} for the precache manifest`,
        );
      }
      await writeFile(file, code.replace(MANIFEST_PLACEHOLDER, JSON.stringify(manifest)));
    },
  };
}

async function bundleInMemory(inline: InlineConfig): Promise<string> {
  const result = await build(inline);
  const output = (Array.isArray(result) ? result[0] : result) as {
    output: { type: string; code?: string }[];
  };
  const chunk = output.output.find((item) => item.type === 'chunk');
  if (!chunk?.code) throw new Error('The service worker build produced no code');
  return chunk.code;
}

/** Lists the built files to precache with a content hash as revision. */
async function precacheManifest(outDir: string, workerFile: string) {
  const files = (await readdir(outDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(outDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    )
    .filter((name) => name !== workerFile && PRECACHE_PATTERN.test(name))
    .sort();
  return Promise.all(
    files.map(async (name) => ({
      url: name === 'index.html' ? '/' : `/${name}`,
      revision: createHash('sha256')
        .update(await readFile(path.join(outDir, name)))
        .digest('hex')
        .slice(0, 16),
    })),
  );
}
