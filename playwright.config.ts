import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/support/chromium.ts';
import type { EngineOptions } from './e2e/engines/fixtures.ts';

/** The cross-engine cases in `e2e/engines/` take the engine from this option. */
const engine = (engineName: EngineOptions['engineName']) => ({ engineName });

export default defineConfig<EngineOptions>({
  testDir: 'e2e',
  // Each worker runs its own emulator and build; two match the machine's two cores.
  workers: process.env.CI ? 2 : undefined,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
  projects: [
    // Every spec, the cross-engine cases included, in Chromium through Playwright.
    { name: 'chromium', use: engine('chromium') },
    // The cross-engine cases in Firefox (puppeteer-core, WebDriver BiDi) and WebKit (WebKitGTK,
    // selenium-webdriver); see e2e/engines/.
    { name: 'firefox', testDir: 'e2e/engines', use: engine('firefox') },
    { name: 'webkit', testDir: 'e2e/engines', use: engine('webkit') },
  ],
});
