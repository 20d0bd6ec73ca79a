import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, preview } from 'vite';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';

/** The app built against a private emulator, served on free ports. */
export interface Stack {
  emulator: RunningEmulator;
  /** Origin the built app is served from, e.g. `http://127.0.0.1:41234`. */
  appUrl: string;
  /** Serves a new version of `/sw.js` (the same code, other bytes), as a deploy would. */
  changeWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Extra `VITE_*` settings for the build, e.g. `{ VITE_GUEST_ACCESS: 'true' }`; `{emulator.appSyncUrl}`
 * (any URL field of the running emulator) stands for that URL, known only once it listens.
 */
export type BuildEnv = Record<string, string>;

/**
 * Starts an emulator on free ports with its own data folder, builds the app pointing at it, and
 * serves the build; one per Playwright worker, so specs never share emulator state.
 */
export async function startStack(buildEnv: BuildEnv = {}): Promise<Stack> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sigv4-e2e-'));
  const emulator = await startEmulator({
    cognitoPort: 0,
    apiPort: 0,
    functionUrlPort: 0,
    httpApiPort: 0,
    appSyncPort: 0,
    dataDir: path.join(dir, 'data'),
    log: process.env.EMULATOR_LOG === '1',
  });
  const outDir = path.join(dir, 'dist');
  const env: BuildEnv = {
    ...emulatorBuildEnv(emulator),
    ...Object.fromEntries(
      Object.entries(buildEnv).map(([name, value]) => [
        name,
        value.replace(/\{emulator\.(\w+)\}/g, (_, field: string) =>
          String(emulator[field as keyof RunningEmulator]),
        ),
      ]),
    ),
  };
  // Vite gives VITE_* variables in process.env priority over the .env files.
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
  const server = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  });
  const address = server.httpServer.address() as AddressInfo;
  let revision = 0;
  return {
    emulator,
    appUrl: `http://127.0.0.1:${address.port}`,
    // `vite preview` reads files on every request, so the next update check sees the change.
    changeWorker: () => appendFile(path.join(outDir, 'sw.js'), `\n// revision ${++revision}\n`),
    close: async () => {
      await server.close();
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The `VITE_*` settings pointing a build at a running emulator: its Cognito, and every emulated
 * endpoint signed (the REST stage, where the demo keeps its notes, a Function URL, an HTTP API and
 * AppSync; `e2e/services.spec.ts`).
 */
export function emulatorBuildEnv(emulator: RunningEmulator): BuildEnv {
  const { apiUrl, functionUrl, httpApiUrl, appSyncUrl, cognitoUrl } = emulator;
  return {
    VITE_API_URL: [apiUrl, functionUrl, httpApiUrl, appSyncUrl].join(','),
    VITE_API_SERVICE: 'execute-api,lambda,execute-api,appsync',
    VITE_COGNITO_IDP_ENDPOINT: cognitoUrl,
    VITE_COGNITO_IDENTITY_ENDPOINT: cognitoUrl,
  };
}
