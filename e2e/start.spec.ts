import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { NotesPage } from './demoSupport/NotesPage.ts';
import { startScript, type RunningScript } from './support/startScript.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

let script: RunningScript;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = await mkdtemp(path.join(tmpdir(), 'sigv4-start-'));
  // `npm start` itself, on free ports, with an emulator data folder of its own.
  script = await startScript('npm', ['start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      EMULATOR_COGNITO_PORT: '0',
      EMULATOR_API_PORT: '0',
      EMULATOR_DATA_DIR: dataDir,
      EMULATOR_LOG: '0',
    },
    ready: /Notes demo\s+(http:\/\/127\.0\.0\.1:\d+\/)/,
  });
});

test.afterAll(async () => {
  await script?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

test('npm start serves a demo whose signed-in page still loads after an offline reload', async ({
  page,
  context,
}) => {
  const appUrl = script.match[1]!;
  await page.goto(appUrl);
  const app = new NotesPage(page);
  await app.signInAndWait('demo', 'Passw0rd!');
  await app.add('Made before going offline');

  await context.setOffline(true);
  await page.reload();
  await expect(app.status).toContainText('Offline');
  await expect(app.status).toContainText('Signed in as demo');
  await expect(app.titles).toContainText(['Made before going offline']);

  // A deep link, never visited, is answered by the precached app shell.
  await page.goto(`${appUrl}some/deep/link`);
  await expect(app.status).toContainText('Signed in as demo');
});
