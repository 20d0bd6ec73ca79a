import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../index.ts';

/** A running emulator on free ports with its own temporary data folder, for one test suite. */
export interface TestEmulator {
  emulator: RunningEmulator;
  dataDir: string;
  /** Closes the emulator and deletes the data folder it made. */
  close(): Promise<void>;
}

/** Starts a quiet emulator on free ports; pass `dataDir` to reuse a folder across restarts. */
export async function startTestEmulator(dataDir?: string): Promise<TestEmulator> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'emulator-test-')));
  const emulator = await startEmulator({
    cognitoPort: 0,
    apiPort: 0,
    functionUrlPort: 0,
    httpApiPort: 0,
    appSyncPort: 0,
    dataDir: dir,
    log: false,
  });
  return {
    emulator,
    dataDir: dir,
    close: async () => {
      await emulator.close();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
