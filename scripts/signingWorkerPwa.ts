import type { LogLevel, Plugin, PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** The built files the worker precaches as the app shell (vite-plugin-pwa globs `outDir`). */
const PRECACHE_PATTERNS = ['**/*.{html,js,css,webmanifest,svg,png,ico,woff2}'];

/**
 * vite-plugin-pwa set up for a signing worker: `<srcDir>/sw.ts` (or `sw.js`) bundled by
 * `injectManifest` as a classic script at `/sw.js`, with the app shell's precache manifest; in dev
 * it is served as an ES module at `/dev-sw.js?dev-sw`. The page registers it itself. `workerPlugins`
 * join the worker's own Vite build.
 */
export function signingWorkerPwa(
  srcDir: string,
  filename = 'sw.ts',
  workerPlugins: Plugin[] = [],
): PluginOption {
  let logLevel: LogLevel | undefined;
  return VitePWA({
    strategies: 'injectManifest',
    srcDir,
    filename,
    // SigningClient registers the worker; public/manifest.webmanifest is the web app manifest.
    injectRegister: false,
    manifest: false,
    injectManifest: {
      // A classic script: Firefox and WebKit before module-worker support load it as one.
      rollupFormat: 'iife',
      globPatterns: PRECACHE_PATTERNS,
      buildPlugins: { vite: [classicWorker(), ...workerPlugins] },
    },
    devOptions: { enabled: true, type: 'module' },
    // The worker's own Vite build logs as quietly as the app's.
    integration: {
      configureOptions: (viteConfig) => void (logLevel = viteConfig.logLevel),
      configureCustomSWViteBuild: (inline) => void (inline.logLevel = logLevel),
    },
  });
}

/** A classic worker has no `import.meta`, which the AWS SDK and Vite's preload helper read. */
function classicWorker(): Plugin {
  return {
    name: 'classic-worker',
    config: () => ({
      define: { 'import.meta.url': 'self.location.href', 'import.meta.resolve': 'undefined' },
    }),
  };
}
