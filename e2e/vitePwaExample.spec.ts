import { copyFile, lstat, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import { scriptHazards } from '../sw/test/workerBundles.ts';
import { newUser } from './demoSupport/NotesPage.ts';
import { EmulatorControl } from './support/EmulatorControl.ts';
import { run } from './support/run.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The consumer app, which installs the package from the tarball `npm pack` made. */
const EXAMPLE = path.join(ROOT, 'examples', 'vite-pwa');
/** The tarball's name in the example's package.json (`file:sigv4-service-worker.tgz`). */
const TARBALL = path.join(EXAMPLE, 'sigv4-service-worker.tgz');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

// Packing, installing and building take a minute or two on a busy machine.
test.describe.configure({ mode: 'serial', timeout: 300_000 });

let dir: string;
let emulator: RunningEmulator;
let control: EmulatorControl;
let server: PreviewServer;
let appUrl: string;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sigv4-example-'));
  // Pack as for publishing (prepack builds lib/), then install as a consumer would: from the
  // example's lockfile, registry packages from npm's cache when it has them; the example's build
  // tools (vite, vite-plugin-pwa) are the repository's own, found up the folder tree.
  const packed = await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT });
  await copyFile(path.join(dir, packed.trim().split('\n').pop()!), TARBALL);
  await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: EXAMPLE,
  });
  emulator = await startEmulator({
    cognitoPort: 0,
    apiPort: 0,
    functionUrlPort: 0,
    httpApiPort: 0,
    appSyncPort: 0,
    dataDir: path.join(dir, 'data'),
    log: false,
  });
  control = new EmulatorControl(emulator.cognitoUrl, emulator.state.settings.clientId);
  await run('npm', ['run', 'build'], {
    cwd: EXAMPLE,
    env: {
      ...process.env,
      VITE_API_URL: emulator.apiUrl,
      VITE_COGNITO_ENDPOINT: emulator.cognitoUrl,
    },
  });
  server = await preview({
    configFile: false,
    root: EXAMPLE,
    logLevel: 'warn',
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  });
  appUrl = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await server?.close();
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

test('the example resolves the package from the installed tarball, and type-checks against it', async () => {
  const resolved = await run(
    'node',
    [
      '--input-type=module',
      '-e',
      "process.stdout.write(import.meta.resolve('sigv4-service-worker/sw'))",
    ],
    { cwd: EXAMPLE },
  );
  const installed = path.join(EXAMPLE, 'node_modules', 'sigv4-service-worker');
  expect(resolved).toBe(pathToFileURL(path.join(installed, 'lib/sw/signing/index.js')).href);
  // A copy unpacked from the tarball, not a link back to the repository's sources.
  expect((await lstat(installed)).isSymbolicLink()).toBe(false);
  await run('node', [TSC, '-p', 'tsconfig.sw.json'], { cwd: EXAMPLE });
  await run('node', [TSC, '-p', 'tsconfig.json'], { cwd: EXAMPLE });
});

test('the example’s worker, built by vite-plugin-pwa’s defaults, runs as a classic script', async ({
  page,
  context,
}) => {
  await page.goto(appUrl);
  const scriptUrl = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    return (await navigator.serviceWorker.getRegistration())!.active!.scriptURL;
  });
  expect(scriptUrl).toBe(`${appUrl}/sw.js`);
  const { moduleStatements, importMetas, dynamicImports } = scriptHazards(
    await (await fetch(scriptUrl)).text(),
  );
  expect({ moduleStatements, importMetas, dynamicImports }).toEqual({
    moduleStatements: [],
    importMetas: [],
    dynamicImports: [],
  });
  // No page API tells a registration's type; inside the worker, importScripts() (of no script) is
  // a no-op in a classic worker and a TypeError in a module worker (HTML, "import scripts into
  // worker global scope").
  const worker =
    context.serviceWorkers().find((w) => w.url() === scriptUrl) ??
    (await context.waitForEvent('serviceworker', (w) => w.url() === scriptUrl));
  const kind = await worker.evaluate(() => {
    try {
      (self as unknown as { importScripts(): void }).importScripts();
      return 'classic';
    } catch (error) {
      return `module (${String(error)})`;
    }
  });
  expect(kind).toBe('classic');
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(scriptUrl);
});

test('a plain fetch to the API is signed by the example’s worker and accepted', async ({
  page,
}) => {
  const user = await newUser(control, 'example');
  await page.goto(appUrl);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('status')).toHaveText('Signed in; 0 notes (HTTP 200)');

  const answers = await page.evaluate(async (api) => {
    const put = await fetch(`${api}/notes/n1`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'From the example', content: '' }),
    });
    const list = await fetch(`${api}/notes`);
    return { put: put.status, list: (await list.json()) as { title: string }[] };
  }, emulator.apiUrl);
  expect(answers.put).toBe(200);
  expect(answers.list.map((note) => note.title)).toEqual(['From the example']);
});

test('the example’s own route and precache still answer, and the app loads offline', async ({
  page,
  context,
}) => {
  await page.goto(appUrl);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const own = await page.evaluate(async () => (await fetch('/local/hello')).json());
  expect(own).toEqual({ hello: 'from the worker' });
  const precached = await page.evaluate(async () => {
    const names = await caches.keys();
    const precache = names.find((name) => name.startsWith('workbox-precache'));
    return precache ? (await (await caches.open(precache)).keys()).map((r) => r.url) : [];
  });
  expect(precached).toContainEqual(expect.stringMatching(/\/index\.html(\?|$)/));

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Signed fetch example' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});
