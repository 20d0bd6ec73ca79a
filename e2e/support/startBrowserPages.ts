import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { chromiumLaunchOptions } from './chromium.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Resolves `sigv4-service-worker/*` to the .ts sources, as the demo's Vite build does. */
const SOURCE_CONDITION = 'sigv4-service-worker-source';
/** A page that only loads `/page.js`: the test drives everything else through `page.evaluate`. */
/** A name Chromium resolves to 127.0.0.1 but does not trust: plain http there is an insecure context. */
const INSECURE_HOST = 'insecure.test';
const PAGE_HTML =
  '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>';

/** What `startBrowserPages` serves: TypeScript entries bundled for the browser, by URL path. */
export interface BrowserPagesOptions {
  /** Bundled and served as `/page.js`, loaded by the page at `/`. */
  page: string;
  /** Further entries by path, e.g. `{ '/sw.js': 'app/client/test/scriptedWorker.ts' }`. */
  scripts?: Record<string, string>;
  /** Answers every other path (a test's stand-in API); 404 when absent. */
  fallback?: http.RequestListener;
}

/** Real Chromium and a local origin serving a test's own page and scripts. */
export interface BrowserPages {
  /** e.g. `http://127.0.0.1:41235`; a secure context, so service workers and Cache Storage work. */
  origin: string;
  /** The same server under a host that is not potentially trustworthy (no service workers). */
  insecureOrigin: string;
  browser: Browser;
  /** A fresh context (no worker, no caches, no locks) per call; closed with the browser. */
  newContext(): Promise<BrowserContext>;
  /** Opens `/` of `origin` (the secure one by default) in `context`; waits until `/page.js` ran. */
  open(context: BrowserContext, origin?: string): Promise<Page>;
  close(): Promise<void>;
}

/** Bundles one entry as an ES module for the browser, the package's sources included. */
async function bundle(entry: string): Promise<string> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: [SOURCE_CONDITION],
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]!.text;
}

/**
 * Bundles the entries, serves them on a free port of 127.0.0.1 and launches Chromium, so a unit
 * test can run code that needs a real browser (service workers, Web Locks, Cache Storage).
 */
export async function startBrowserPages(options: BrowserPagesOptions): Promise<BrowserPages> {
  const entries = { '/page.js': options.page, ...options.scripts };
  const scripts = new Map<string, string>();
  for (const [path, entry] of Object.entries(entries)) scripts.set(path, await bundle(entry));
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const script = scripts.get(path);
    if (path === '/') {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(PAGE_HTML);
    } else if (script !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      res.end(script);
    } else if (options.fallback) {
      options.fallback(req, res);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const launch = chromiumLaunchOptions();
  const browser = await chromium.launch({
    ...launch,
    args: [...(launch.args ?? []), `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`],
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    insecureOrigin: `http://${INSECURE_HOST}:${port}`,
    browser,
    newContext: () => browser.newContext(),
    async open(context, origin = `http://127.0.0.1:${port}`) {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => 'harness' in globalThis);
      return page;
    },
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
