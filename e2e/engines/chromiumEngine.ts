import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium.ts';
import { stopServiceWorkers } from '../support/stopServiceWorkers.ts';
import type { Engine, EnginePage, PageFunction } from './EnginePage.ts';

/** Chromium through Playwright, the reference engine the other two are compared with. */
export async function launchChromium(): Promise<Engine> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  return {
    name: 'chromium',
    version: browser.version(),
    newPage: async () => chromiumPage(await (await browser.newContext()).newPage()),
    close: () => browser.close(),
  };
}

function chromiumPage(page: Page): EnginePage {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    fill: (selector, value) => page.locator(selector).fill(value),
    click: (selector) => page.locator(selector).click(),
    // The driver's own typing of in-page arguments is stricter than this JSON-in, JSON-out use.
    evaluate: <A, R>(fn: PageFunction<A, R>, arg: A) =>
      page.evaluate(fn as (arg: unknown) => Promise<R>, arg as unknown),
    pageErrors: async () => [...errors],
    // Playwright's offline mode covers the context's service workers too.
    setOffline: (offline) => page.context().setOffline(offline),
    stopServiceWorkers: () => stopServiceWorkers(page),
    close: () => page.context().close(),
  };
}
