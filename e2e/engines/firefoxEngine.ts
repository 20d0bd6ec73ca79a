import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { Engine, EnginePage, PageFunction } from './EnginePage.ts';

/** Debian's Firefox ESR; `FIREFOX_PATH` picks another build. */
const DEBIAN_FIREFOX = '/usr/bin/firefox-esr';

/**
 * Firefox stops a service worker this long (ms) after its last event, instead of 30 s, so a test
 * can wait for the browser itself to stop the worker.
 */
const IDLE_TIMEOUT_MS = 1_000;

/**
 * Grace (ms) a worker still holding `waitUntil`/`respondWith` work gets past the idle timeout
 * before Firefox kills it anyway: long enough for any request a test makes to finish.
 */
const IDLE_EXTENDED_TIMEOUT_MS = 15_000;

/** How long Firefox may take to stop an idle worker: the idle timeout plus a generous margin. */
const STOP_TIMEOUT_MS = IDLE_TIMEOUT_MS + IDLE_EXTENDED_TIMEOUT_MS + 5_000;

/** A BiDi connection's raw command channel (puppeteer-core's own, not part of its typed API). */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

/**
 * Firefox through puppeteer-core over WebDriver BiDi (Playwright's BiDi mode fails on a system
 * Firefox at `newContext()`: `emulation.setMediaFeaturesOverride` is not implemented there).
 */
export async function launchFirefox(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH || DEBIAN_FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      'dom.serviceWorkers.idle_timeout': IDLE_TIMEOUT_MS,
      'dom.serviceWorkers.idle_extended_timeout': IDLE_EXTENDED_TIMEOUT_MS,
    },
  });
  return {
    name: 'firefox',
    version: await browser.version(),
    // Each tab in a user context of its own: separate storage and service worker registrations.
    newPage: async () =>
      firefoxPage(browser, await (await browser.createBrowserContext()).newPage()),
    close: () => browser.close(),
  };
}

function firefoxPage(browser: Browser, page: Page): EnginePage {
  const errors: string[] = [];
  // puppeteer's BiDi errors carry the page's `Error: …` text as their message already.
  page.on('pageerror', (error) =>
    errors.push(error instanceof Error ? error.message : String(error)),
  );
  const bidi = (browser as unknown as { connection: BidiConnection }).connection;
  /** This page's origin's running service workers (BiDi lists their realms without waking any). */
  const workerRealms = async () => {
    const { result } = await bidi.send('script.getRealms', { type: 'service-worker' });
    const origin = new URL(page.url()).origin;
    return (result as { realms: { origin: string }[] }).realms.filter((realm) =>
      realm.origin.startsWith(`${origin}/`),
    ).length;
  };
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    fill: (selector, value) => page.locator(selector).fill(value),
    click: (selector) => page.locator(selector).click(),
    // The driver's own typing of in-page arguments is stricter than this JSON-in, JSON-out use.
    evaluate: <A, R>(fn: PageFunction<A, R>, arg: A) =>
      page.evaluate(fn as (arg: unknown) => Promise<R>, arg as unknown),
    pageErrors: async () => [...errors],
    // Firefox applies BiDi's offline mode to the page only; its service workers keep their
    // network, so specs that need a real outage also take the servers away (HttpRelay).
    setOffline: (offline) => page.setOfflineMode(offline),
    stopServiceWorkers: async () => {
      // Nothing forces a stop over BiDi; the short idle timeout makes Firefox do it by itself.
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while ((await workerRealms()) > 0) {
        if (Date.now() > deadline) {
          throw new Error(`Firefox kept its service worker running for ${STOP_TIMEOUT_MS} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => page.browserContext().close(),
  };
}
