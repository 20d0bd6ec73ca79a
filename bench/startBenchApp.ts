import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions, preview, type Plugin } from 'vite';
import type { RunningEmulator } from '../emulator/index.ts';
import { signingWorkerPwa } from '../scripts/signingWorkerPwa.ts';
import { emulatorBuildEnv } from '../e2e/support/startStack.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The app served with a bench worker, on its own origin. */
export interface BenchApp {
  appUrl: string;
  close(): Promise<void>;
}

/**
 * Builds the app as `startStack` does but with `<srcDir>/sw.js` (relative to the project root) as
 * its worker, against the same emulator, and serves it on a free port. Call it after `startStack`
 * resolved and one at a time: each sets `VITE_*` variables while it builds; `buildEnv` adds some
 * (e.g. `{ VITE_API_SIGN_QUERY: 'true' }`) over the ones pointing at the emulator.
 */
export async function startBenchApp(
  emulator: RunningEmulator,
  srcDir: string,
  buildEnv: Record<string, string> = {},
): Promise<BenchApp> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sigv4-bench-app-'));
  const env: Record<string, string> = {
    ...emulatorBuildEnv(emulator),
    ...buildEnv,
  };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      // As vite.config.ts: amazon-cognito-identity-js reads Node's `global`.
      define: { global: 'globalThis' },
      resolve: { conditions: ['sigv4-service-worker-source', ...defaultClientConditions] },
      plugins: [signingWorkerPwa(srcDir, 'sw.js', [keepWorkerScripts()])],
      build: { outDir: dir, emptyOutDir: true, sourcemap: false, target: 'es2022' },
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
  const server = await preview({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: dir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  });
  const address = server.httpServer.address() as AddressInfo;
  return {
    appUrl: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The package is `sideEffects: false`, which would let the bundler drop a bench worker's bare
 * `import '…/sw/demo/sw.ts'`: worker entries in `sw/demo/` are scripts run for their effects.
 */
function keepWorkerScripts(): Plugin {
  return {
    name: 'keep-worker-scripts',
    // Before Vite's own resolver, which would answer first.
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!/[\\/]sw[\\/]demo[\\/][^\\/]+\.ts$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && { ...resolved, moduleSideEffects: true };
    },
  };
}
