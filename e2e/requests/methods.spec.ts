import { CORS_PREFLIGHT_STATUS } from '../../backend/index.ts';
import type { EchoResponse } from '../../emulator/api/echoRoute.ts';
import { sendCalls } from '../reliability/support/apiCalls.ts';
import { unsignedApiRequests, watchRequests } from '../reliability/support/watchRequests.ts';
import { DEMO, expect, openApp, pageFetch, signInWorker, test } from '../support/fixtures.ts';

test.beforeEach(async ({ page, stack, control }) => {
  await openApp(page, stack);
  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  await signInWorker(page, idToken);
});

test('signs a lower- or mixed-case patch as PATCH, body and all', async ({ page, stack }) => {
  const requests = watchRequests(page.context());
  for (const method of ['patch', 'Patch', 'pAtCh']) {
    const { status, json, text } = await pageFetch(page, `${stack.emulator.apiUrl}/echo/m`, {
      method,
      body: `body of ${method}`,
    });
    expect(status, `${method}: ${text}`).toBe(200);
    const echo = json as unknown as EchoResponse;
    expect(echo.method).toBe('PATCH');
    expect(echo.bodyLength).toBe(`body of ${method}`.length);
  }
  expect(unsignedApiRequests(await requests.settled(), stack.emulator.apiUrl)).toEqual([]);
});

test('signs a streamed patch body', async ({ page, stack }) => {
  const echo = await page.evaluate(async (url) => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'));
        controller.close();
      },
    });
    const init = { method: 'patch', body, duplex: 'half' } as RequestInit;
    const response = await fetch(url, init);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }, `${stack.emulator.apiUrl}/echo/stream`);
  expect(echo.status).toBe(200);
  expect(echo.body.method).toBe('PATCH');
  expect(echo.body.bodyLength).toBe('streamed'.length);
});

test('refuses a custom verb with a JSON 405 from the worker, sending nothing', async ({
  page,
  stack,
}) => {
  const requests = watchRequests(page.context());
  const outcomes = await sendCalls(
    page,
    ['PROPFIND', 'purge', 'CONNECTX', 'Get-It'].map((method) => ({
      url: `${stack.emulator.apiUrl}/echo/verb`,
      init: { method },
    })),
    1,
  );
  for (const outcome of outcomes) {
    expect(outcome).toMatchObject({ status: 405, code: 'unsupported-method', fromWorker: true });
  }
  const seen = await requests.settled();
  expect(seen.filter((r) => r.fromServiceWorker && r.url.includes('/echo/verb'))).toEqual([]);
});

test('says which methods it signs in the refusal', async ({ page, stack }) => {
  const allow = await page.evaluate(async (url) => {
    const response = await fetch(url, { method: 'PROPFIND' });
    return response.headers.get('Allow');
  }, `${stack.emulator.apiUrl}/echo/verb`);
  expect(allow).toBe('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
});

test('signs an OPTIONS request the app makes itself', async ({ page, stack }) => {
  const requests = watchRequests(page.context());
  const { status } = await pageFetch(page, `${stack.emulator.apiUrl}/echo/options`, {
    method: 'OPTIONS',
  });
  // Every resource's OPTIONS is the CORS mock integration, as infra/ deploys it: no auth, 204.
  expect(status).toBe(CORS_PREFLIGHT_STATUS);
  const seen = await requests.settled();
  const sent = seen.filter(
    (r) => r.fromServiceWorker && r.url.endsWith('/echo/options') && r.authorization,
  );
  expect(sent.map((r) => r.method)).toEqual(['OPTIONS']);
});
