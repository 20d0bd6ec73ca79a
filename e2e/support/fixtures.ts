import { test as base, expect, type Page } from '@playwright/test';
import type { WorkerReply } from '../../shared/protocol.ts';
import { EmulatorControl } from './EmulatorControl.ts';
import { startStack, type BuildEnv, type Stack } from './startStack.ts';

export { expect };
export { stopServiceWorkers } from './stopServiceWorkers.ts';

/** The demo user the emulator seeds. */
export const DEMO = { username: 'demo', password: 'Passw0rd!' };

interface TestFixtures {
  /** The emulator's test controls, reset before each test. */
  control: EmulatorControl;
}

interface WorkerFixtures {
  /** Extra `VITE_*` settings the app is built with (e.g. guest access); a spec sets it with `test.use`. */
  buildEnv: BuildEnv;
  /** Emulator + built app on free ports, one per Playwright worker. */
  stack: Stack;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  buildEnv: [{}, { scope: 'worker', option: true }],
  stack: [
    async ({ buildEnv }, use) => {
      const stack = await startStack(buildEnv);
      await use(stack);
      await stack.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  control: async ({ stack }, use) => {
    const control = new EmulatorControl(
      stack.emulator.cognitoUrl,
      stack.emulator.state.settings.clientId,
    );
    await control.reset();
    await use(control);
  },
});

/** Opens the app and waits until the signing worker controls the page. */
export async function openApp(page: Page, stack: Stack, path = '/'): Promise<void> {
  await page.goto(stack.appUrl + path);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Posts a protocol message to the controlling worker and returns its reply. */
export function postToWorker(page: Page, message: unknown): Promise<WorkerReply> {
  return page.evaluate(
    (data) =>
      new Promise<WorkerReply>((resolve, reject) => {
        const worker = navigator.serviceWorker.controller;
        if (!worker) return reject(new Error('no controlling worker'));
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => resolve(event.data as WorkerReply);
        worker.postMessage(data, [channel.port2]);
      }),
    message,
  );
}

/** Hands the worker an ID token, as the page client does after a User Pool login. */
export async function signInWorker(page: Page, idToken: string) {
  const reply = await postToWorker(page, { type: 'sign-in', v: 1, idToken });
  if (!reply.ok) throw new Error(`sign-in failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.result as { identityId: string; expiration: number };
}

/** A plain fetch from the page; returns status, the JSON or text body and selected headers. */
export function pageFetch(page: Page, url: string, init: RequestInit = {}) {
  return page.evaluate(
    async ([url, init]) => {
      const response = await fetch(url, init);
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, json: json as Record<string, unknown> | undefined, text };
    },
    [url, init] as const,
  );
}
