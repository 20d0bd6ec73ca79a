import type { LogLevel, Plugin, PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** The built files the worker precaches as the app shell (vite-plugin-pwa globs `outDir`). */
const PRECACHE_PATTERNS = ['**/*.{html,js,css,webmanifest,svg,png,ico,woff2}'];

/**
 * vite-plugin-pwa set up for a signing worker: `<srcDir>/sw.ts` (or `sw.js`) bundled by
 * `injectManifest` as a classic script (an IIFE) at `/sw.js`, with the app shell's precache
 * manifest; in dev it is served as an ES module at `/dev-sw.js?dev-sw`. The page registers it
 * itself. `workerPlugins` join the worker's own Vite build.
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
      // Not for older engines: the default ES bundle has no import, export or import.meta, so it
      // evaluates as a classic script too (e2e/workerBundles.spec.ts). But run as a classic script,
      // its top-level `var`s and functions (`var e=…,t=…`, minified) become properties of the
      // worker's global object, where a name could shadow one the worker reads (`self.clients`); an
      // IIFE keeps every name in its own scope.
      rollupFormat: 'iife',
      globPatterns: PRECACHE_PATTERNS,
      buildPlugins: { vite: workerPlugins },
    },
    devOptions: { enabled: true, type: 'module' },
    // The worker's own Vite build logs as quietly as the app's.
    integration: {
      configureOptions: (viteConfig) => void (logLevel = viteConfig.logLevel),
      configureCustomSWViteBuild: (inline) => void (inline.logLevel = logLevel),
    },
  });
}
