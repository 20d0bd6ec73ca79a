import { IMAGE_SIZE } from '../../emulator/api/imageRoute.ts';
import { signedApiRequests, watchRequests } from '../reliability/support/watchRequests.ts';
import { DEMO, expect, openApp, pageFetch, signInWorker, test } from '../support/fixtures.ts';

test.beforeEach(async ({ page, stack, control }) => {
  await openApp(page, stack);
  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  await signInWorker(page, idToken);
});

test('an <img> of the API decodes: a real PNG, signed', async ({ page, stack }) => {
  const requests = watchRequests(page.context());
  const src = `${stack.emulator.apiUrl}/image/dot.png`;
  const size = await page.evaluate(async (src) => {
    const img = document.createElement('img');
    img.src = src;
    document.body.append(img);
    await img.decode();
    return { width: img.naturalWidth, height: img.naturalHeight };
  }, src);
  expect(size).toEqual(IMAGE_SIZE);
  const signed = signedApiRequests(await requests.settled(), stack.emulator.apiUrl);
  expect(signed.some((r) => r.url === src)).toBe(true);
});

test('an <img crossorigin="use-credentials"> of the API decodes too', async ({ page, stack }) => {
  const src = `${stack.emulator.apiUrl}/image/credentials.png`;
  const width = await page.evaluate(async (src) => {
    const img = document.createElement('img');
    img.crossOrigin = 'use-credentials';
    img.src = src;
    await img.decode();
    return img.naturalWidth;
  }, src);
  expect(width).toBe(IMAGE_SIZE.width);
});

test("fetch with credentials: 'include' resolves against the API's CORS policy", async ({
  page,
  stack,
}) => {
  const { status, json } = await pageFetch(page, `${stack.emulator.apiUrl}/echo/with-cookies`, {
    credentials: 'include',
    method: 'POST',
    body: 'x',
  });
  expect(status).toBe(200);
  expect(json?.identityId).toMatch(/^us-east-1:/);
});

test('a no-cors fetch of the API is signed and answered', async ({ page, stack }) => {
  const requests = watchRequests(page.context());
  const url = `${stack.emulator.apiUrl}/echo/no-cors`;
  const type = await page.evaluate(
    async (url) => (await fetch(url, { mode: 'no-cors' })).type,
    url,
  );
  // The worker answers with the CORS response it got, which the API's policy let this origin read.
  expect(type).toBe('cors');
  const signed = signedApiRequests(await requests.settled(), stack.emulator.apiUrl);
  expect(signed.some((r) => r.url === url)).toBe(true);
});
