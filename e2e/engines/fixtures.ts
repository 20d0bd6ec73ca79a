import { test as base, expect } from '@playwright/test';
import { DEFAULT_SETTINGS } from '../../emulator/index.ts';
import { EmulatorControl } from '../support/EmulatorControl.ts';
import { HttpRelay } from '../support/HttpRelay.ts';
import { startStack, type Stack } from '../support/startStack.ts';
import type { Engine, EngineName, EnginePage } from './EnginePage.ts';
import { launchEngine } from './launchEngine.ts';

export { expect };

/**
 * The built demo and its emulator as the browser reaches them: through relays, which pass
 * everything on until a test cuts them (a real outage, for the service worker too).
 */
export interface Site {
  stack: Stack;
  /** Origin the demo is opened at. */
  appUrl: string;
  /** The API stage URL the demo was built with: every request under it is signed. */
  apiUrl: string;
  /** The emulated Lambda Function URL the demo was built with, signed as service `lambda`. */
  functionUrl: string;
  /** The network to the demo's server and to the API, which a test can cut. */
  relays: { app: HttpRelay; api: HttpRelay; functionUrl: HttpRelay };
}

/** The options a project or a spec sets. */
export interface EngineOptions {
  /** The engine a project runs its cases in; set per project in playwright.config.ts. */
  engineName: EngineName;
}

interface WorkerFixtures extends EngineOptions {
  engine: Engine;
  site: Site;
}

interface TestFixtures {
  /** A fresh tab in a context of its own; the test fails if the page had an uncaught error. */
  tab: EnginePage;
  /** The emulator's test controls, reset before each test. */
  control: EmulatorControl;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  engineName: ['chromium', { scope: 'worker', option: true }],
  engine: [
    async ({ engineName }, use) => {
      const engine = await launchEngine(engineName);
      await use(engine);
      await engine.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  site: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from it
    async ({}, use) => {
      const app = await HttpRelay.start();
      const api = await HttpRelay.start();
      const functionUrl = await HttpRelay.start();
      // The relays' URLs go into the build; they learn where the emulator listens afterwards.
      const apiUrl = `${api.origin}/${DEFAULT_SETTINGS.stage}`;
      const stack = await startStack({
        VITE_API_URL: `${apiUrl},${functionUrl.origin}`,
        VITE_API_SERVICE: 'execute-api,lambda',
      });
      app.to(stack.appUrl);
      api.to(stack.emulator.apiUrl);
      functionUrl.to(stack.emulator.functionUrl);
      await use({
        stack,
        appUrl: app.origin,
        apiUrl,
        functionUrl: functionUrl.origin,
        relays: { app, api, functionUrl },
      });
      await Promise.all([app.close(), api.close(), functionUrl.close()]);
      await stack.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  tab: async ({ engine }, use, testInfo) => {
    testInfo.annotations.push({ type: 'engine', description: `${engine.name} ${engine.version}` });
    const tab = await engine.newPage();
    await use(tab);
    const errors = await tab.pageErrors().catch((error: unknown) => [`unreadable: ${error}`]);
    await tab.close();
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
  control: async ({ site }, use) => {
    const { emulator } = site.stack;
    const control = new EmulatorControl(emulator.cognitoUrl, emulator.state.settings.clientId);
    await control.reset();
    site.relays.app.up();
    site.relays.api.up();
    await use(control);
  },
});
