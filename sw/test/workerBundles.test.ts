import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  bundleWithEsbuild,
  bundleWithVitePwa,
  bundleWithWebpack,
  makeConsumer,
  scriptHazards,
  type WorkerBundle,
} from './workerBundles.ts';

// The package is built once (tsc), then each bundler takes a few seconds on a busy machine.
const BUILD_TIMEOUT = 120_000;

let consumer: string;

beforeAll(async () => {
  consumer = await mkdtemp(path.join(tmpdir(), 'sigv4-consumer-'));
  await makeConsumer(consumer);
}, BUILD_TIMEOUT);

afterAll(async () => {
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

/** What every bundle of the worker entry must be: one script a service worker can evaluate. */
function expectEvaluableWorker(bundle: WorkerBundle): void {
  const { moduleStatements, ...hazards } = scriptHazards(bundle.code);
  // One assertion, so a failure shows every hazard at once. With the AWS SDK in /sw, its dynamic
  // imports (`import('bowser')`, its event-stream serde) became Vite's preload helper (import.meta,
  // document) and, in webpack, a second script: a chunk the worker would load at run time.
  expect({ scripts: bundle.scripts, ...hazards }).toEqual({
    scripts: ['sw.js'],
    dynamicImports: [],
    importMetas: [],
    documentReferences: [],
  });
  if (bundle.classic) expect(moduleStatements).toEqual([]);
}

describe('the worker entry (signing + offline + precaching), bundled from the built package', () => {
  test(
    'by esbuild as an iife has no import(), import.meta, document or module statement',
    async () => expectEvaluableWorker(await bundleWithEsbuild(consumer, 'iife')),
    BUILD_TIMEOUT,
  );

  test(
    'by esbuild as ESM has no import(), import.meta or document',
    async () => expectEvaluableWorker(await bundleWithEsbuild(consumer, 'esm')),
    BUILD_TIMEOUT,
  );

  test(
    'by vite-plugin-pwa with its defaults has no import(), import.meta, document or module statement',
    async () => expectEvaluableWorker(await bundleWithVitePwa(consumer)),
    BUILD_TIMEOUT,
  );

  test(
    'by webpack for webworker has no import(), import.meta, document or module statement',
    async () => expectEvaluableWorker(await bundleWithWebpack(consumer)),
    BUILD_TIMEOUT,
  );
});

describe('scriptHazards', () => {
  test('finds import(), import.meta, module statements and document, not words in strings', () => {
    const hazards = scriptHazards(
      [
        'import a from "a";',
        'export const b = 1;',
        'const c = import("c");',
        'const d = new URL("d", import.meta.url);',
        'document.querySelector("link");',
        'const e = typeof document < "u" ? 1 : 0;',
        'const f = "import(x) import.meta document.x", g = self.document, h = { document: 1 };',
        '// import("y") import.meta document.y',
      ].join('\n'),
    );
    expect(hazards.moduleStatements).toHaveLength(2);
    expect(hazards.dynamicImports).toEqual(['import("c")']);
    expect(hazards.importMetas).toEqual(['import.meta']);
    expect(hazards.documentReferences).toEqual(['document', 'document']);
  });
});
