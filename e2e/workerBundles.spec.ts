import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  bundleEveryWay,
  makeConsumer,
  SHELL_HTML,
  type WorkerBundle,
} from '../sw/test/workerBundles.ts';

// Building the package and bundling it four ways takes a minute on a busy machine.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.html': 'text/html',
};

let consumer: string;
let bundles: WorkerBundle[];
let server: http.Server;
let origin: string;

test.beforeAll(async () => {
  consumer = await mkdtemp(path.join(tmpdir(), 'sigv4-consumer-'));
  await makeConsumer(consumer);
  bundles = await bundleEveryWay(consumer);
  // Each worker precaches `index.html` beside it (vite-plugin-pwa's build wrote its own).
  for (const bundle of bundles) {
    const shell = path.join(bundle.dir, 'index.html');
    await access(shell).catch(() => writeFile(shell, SHELL_HTML));
  }
  const out = path.join(consumer, 'out');
  // `/` is the page; `/<bundle>/<file>` is what that bundler wrote.
  server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const file = path.join(out, pathname === '/' ? 'vite-pwa/index.html' : pathname);
    if (!file.startsWith(out + path.sep)) return void res.writeHead(404).end();
    readFile(file).then(
      (body) =>
        res
          .writeHead(200, {
            'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
            'Cache-Control': 'no-store',
          })
          .end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

test('every bundle of the worker entry evaluates and activates as a classic and as a module worker', async ({
  page,
}) => {
  await page.goto(`${origin}/`);
  // ESM output is for module registration only; the others are registered both ways.
  const registrations = bundles.flatMap((bundle) =>
    (bundle.classic ? (['classic', 'module'] as const) : (['module'] as const)).map((type) => ({
      script: `/${bundle.name}/sw.js`,
      // A scope per registration, under the script's folder (no Service-Worker-Allowed needed).
      scope: `/${bundle.name}/${type}/`,
      type,
    })),
  );
  expect(registrations).toHaveLength(7);

  const states = await page.evaluate(async (all) => {
    const settle = async ({ script, scope, type }: (typeof all)[number]) => {
      try {
        const registration = await navigator.serviceWorker.register(script, { scope, type });
        const worker = registration.installing ?? registration.waiting ?? registration.active;
        if (!worker) return 'no worker';
        await new Promise<void>((resolve) => {
          const check = () => {
            if (worker.state === 'activated' || worker.state === 'redundant') resolve();
          };
          worker.addEventListener('statechange', check);
          check();
        });
        return worker.state;
      } catch (error) {
        // An evaluation error rejects register(): "ServiceWorker script evaluation failed".
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    };
    const entries = await Promise.all(all.map(async (r) => [r.scope, await settle(r)] as const));
    return Object.fromEntries(entries);
  }, registrations);

  expect(states).toEqual(
    Object.fromEntries(registrations.map(({ scope }) => [scope, 'activated'])),
  );
});
