import { DEMO, expect, openApp, signInWorker, test } from '../support/fixtures.ts';

/** Requests per case: enough that a preflight per request could not hide among them. */
const REQUESTS = 20;

test('signed GETs and PUTs to one URL cost one CORS preflight each, as signing in the page does', async ({
  page,
  stack,
  control,
}) => {
  await openApp(page, stack);
  await signInWorker(page, (await control.tokens(DEMO.username, DEMO.password)).idToken);
  const preflights = () => stack.emulator.state.counts.get('api.preflight.echo') ?? 0;
  const api = stack.emulator.apiUrl;

  for (const [method, path] of [
    ['GET', '/echo/preflights/read'],
    ['PUT', '/echo/preflights/write'],
  ] as const) {
    const before = preflights();
    const statuses = await page.evaluate(
      async ({ url, method, count }) => {
        const statuses: number[] = [];
        // One after another, as an app polling or saving would: concurrent first requests each
        // preflight before the cache holds the answer, in the page as well.
        for (let i = 0; i < count; i++) {
          const init: RequestInit =
            method === 'PUT'
              ? { method, headers: { 'Content-Type': 'application/json' }, body: `{"n":${i}}` }
              : {};
          statuses.push((await fetch(url, init)).status);
        }
        return statuses;
      },
      { url: api + path, method, count: REQUESTS },
    );
    expect(statuses).toEqual(Array(REQUESTS).fill(200));
    expect(preflights() - before, method).toBeLessThanOrEqual(1);
  }
});
