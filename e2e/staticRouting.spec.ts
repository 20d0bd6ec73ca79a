import type { CDPSession, Page } from '@playwright/test';
import { startOtherOrigin, type OtherOrigin } from './support/startOtherOrigin.ts';
import { expect, openApp, test } from './support/fixtures.ts';

/** How Chromium says a response was routed (CDP `Network.Response`). */
interface Routed {
  url: string;
  status: number;
  fromServiceWorker: boolean;
  /** Set when a static route matched: the source it picked, and the one that answered. */
  serviceWorkerRouterInfo?: { matchedSourceType?: string; actualSourceType?: string };
  /** `workerFetchStart` is -1 when no fetch event was dispatched. */
  timing: { workerFetchStart: number };
}

let other: OtherOrigin;
test.beforeAll(async () => (other = await startOtherOrigin()));
test.afterAll(async () => other.close());

/** Records every response the page receives, as the browser's network layer reports it. */
async function recordResponses(page: Page): Promise<{ cdp: CDPSession; responses: Routed[] }> {
  const cdp = await page.context().newCDPSession(page);
  const responses: Routed[] = [];
  cdp.on('Network.responseReceived', ({ response }) => responses.push(response as Routed));
  await cdp.send('Network.enable');
  return { cdp, responses };
}

/** Fetches `url` from the page and waits until the network layer has reported its response. */
async function routed(page: Page, responses: Routed[], url: string): Promise<Routed> {
  await page.evaluate((u) => fetch(u, { cache: 'no-store' }).then((r) => r.arrayBuffer()), url);
  await expect.poll(() => responses.some((r) => r.url === url)).toBe(true);
  return responses.find((r) => r.url === url)!;
}

test('requests that are not to the API skip the worker, while the API and the precached shell still reach it', async ({
  page,
  stack,
}) => {
  await openApp(page, stack);
  const { responses } = await recordResponses(page);

  // An asset of the app outside the precache, and a third-party GET: straight to the network.
  for (const url of [
    `${stack.appUrl}/manifest.webmanifest?outside-precache`,
    `${other.origin}/image.png`,
  ]) {
    const response = await routed(page, responses, url);
    expect(response.status, url).toBe(200);
    expect(response.fromServiceWorker, url).toBe(false);
    expect(response.serviceWorkerRouterInfo?.actualSourceType, url).toBe('network');
    expect(response.timing.workerFetchStart, url).toBe(-1);
  }

  // The API (answered by the worker: nobody is signed in) and the precached shell: the fetch handler.
  for (const url of [`${stack.emulator.apiUrl}/notes`, `${stack.appUrl}/index.html`]) {
    const response = await routed(page, responses, url);
    expect(response.fromServiceWorker, url).toBe(true);
    expect(response.serviceWorkerRouterInfo?.matchedSourceType, url).toBe('fetch-event');
    expect(response.timing.workerFetchStart, url).toBeGreaterThanOrEqual(0);
  }
  const api = responses.find((r) => r.url === `${stack.emulator.apiUrl}/notes`)!;
  expect(api.status).toBe(401);
});
