import { test as base, expect } from '@playwright/test';
import { DEFAULT_SETTINGS } from '../../emulator/index.ts';
import { EmulatorControl } from '../support/EmulatorControl.ts';
import { HttpRelay } from '../support/HttpRelay.ts';
import { startStack, type Stack } from '../support/startStack.ts';
import type { Engine, EngineName, EnginePage } from './EnginePage.ts';
import { launchEngine } from './launchEngine.ts';

export { expect };

/** The built demo and its emulator as the browser reaches them. */
export interface Site {
  stack: Stack;
  /** Origin the demo is opened at. */
  appUrl: string;
  /** The API stage URL the demo was built with: every request under it is signed. */
  apiUrl: string;
  /** With `relayed`: the network to the demo's server and to the API, which a test can cut. */
  relays?: { app: HttpRelay; api: HttpRelay };
}

/** The options a project or a spec sets. */
export interface EngineOptions {
  /** The engine a project runs its cases in; set per project in playwright.config.ts. */
  engineName: EngineName;
  /** Put the demo's server and the API behind relays a test can take down (a real outage). */
  relayed: boolean;
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
  relayed: [false, { scope: 'worker', option: true }],
  engine: [
    async ({ engineName }, use) => {
      const engine = await launchEngine(engineName);
      await use(engine);
      await engine.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  site: [
    async ({ relayed }, use) => {
      if (!relayed) {
        const stack = await startStack();
        await use({ stack, appUrl: stack.appUrl, apiUrl: stack.emulator.apiUrl });
        await stack.close();
        return;
      }
      const app = await HttpRelay.start();
      const api = await HttpRelay.start();
      // The relay's URL goes into the build; it learns where the emulator listens afterwards.
      const stack = await startStack({ VITE_API_URL: `${api.origin}/${DEFAULT_SETTINGS.stage}` });
      app.to(stack.appUrl);
      api.to(stack.emulator.apiUrl);
      const apiUrl = `${api.origin}/${DEFAULT_SETTINGS.stage}`;
      await use({ stack, appUrl: app.origin, apiUrl, relays: { app, api } });
      await Promise.all([app.close(), api.close()]);
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
    site.relays?.app.up();
    site.relays?.api.up();
    await use(control);
  },
});
