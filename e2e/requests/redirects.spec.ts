import { sendCalls } from '../reliability/support/apiCalls.ts';
import { watchRequests, type SeenRequest } from '../reliability/support/watchRequests.ts';
import { DEMO, expect, openApp, signInWorker, test } from '../support/fixtures.ts';
import { startOtherOrigin, type OtherOrigin } from '../support/startOtherOrigin.ts';

let other: OtherOrigin;

test.beforeAll(async () => {
  other = await startOtherOrigin();
});
test.afterAll(() => other.close());

test.beforeEach(async ({ page, stack, control }) => {
  other.received.length = 0;
  await openApp(page, stack);
  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  await signInWorker(page, idToken);
});

/** A redirect route of the emulator answering `status` with `Location: to`. */
function redirectUrl(apiUrl: string, status: number, to: string): string {
  return `${apiUrl}/redirect/${status}?to=${encodeURIComponent(to)}`;
}

/** Requests the browser sent outside the API's origin carrying anything of the signature. */
function leaks(seen: SeenRequest[], apiOrigin: string): string[] {
  return seen
    .filter((r) => !r.url.startsWith(apiOrigin) && (r.authorization || r.securityToken))
    .map((r) => `${r.method} ${r.url}`);
}

test('a redirect to another origin is not followed: no request of ours reaches it', async ({
  page,
  stack,
}) => {
  const api = stack.emulator.apiUrl;
  const requests = watchRequests(page.context());
  const calls = [302, 301, 303, 307, 308].flatMap((status) =>
    ['GET', 'POST', 'PUT'].map((method) => ({
      url: redirectUrl(api, status, `${other.origin}/steal/${status}`),
      init: method === 'GET' ? {} : { method, body: 'secret note' },
    })),
  );
  const outcomes = await sendCalls(page, calls, 1);
  for (const outcome of outcomes) {
    expect(outcome).toMatchObject({ status: 502, code: 'redirect-not-followed', fromWorker: true });
  }
  // The other origin saw nothing at all (not even a preflight)...
  expect(other.received).toEqual([]);
  // ...and the browser, which reports the redirect's would-be target as a request of its own
  // (it is cancelled, as redirect: 'manual' asks), put no signature or token on it.
  const seen = await requests.settled();
  expect(leaks(seen, new URL(api).origin)).toEqual([]);
  // Each call reached the API once, signed.
  expect(
    seen.filter((r) => r.fromServiceWorker && r.url.includes('/redirect/') && r.authorization),
  ).toHaveLength(calls.length);
});

test('a redirect that stays under the API is not followed either, with a clear error', async ({
  page,
  stack,
}) => {
  const api = stack.emulator.apiUrl;
  const [outcome] = await sendCalls(page, [{ url: redirectUrl(api, 302, `${api}/echo/target`) }]);
  expect(outcome).toMatchObject({ status: 502, code: 'redirect-not-followed', fromWorker: true });
});

test("a page that asked for redirect: 'manual' gets the opaque redirect, and 'error' a network error", async ({
  page,
  stack,
}) => {
  const api = stack.emulator.apiUrl;
  const requests = watchRequests(page.context());
  const seen = await page.evaluate(
    async ([manualUrl, errorUrl]) => {
      const manual = await fetch(manualUrl!, { redirect: 'manual' });
      let error = 'resolved';
      try {
        await fetch(errorUrl!, { redirect: 'error', method: 'POST', body: 'x' });
      } catch (e) {
        error = (e as Error).name;
      }
      return { type: manual.type, status: manual.status, error };
    },
    [
      redirectUrl(api, 302, `${other.origin}/manual`),
      redirectUrl(api, 307, `${other.origin}/error`),
    ],
  );
  expect(seen).toEqual({ type: 'opaqueredirect', status: 0, error: 'TypeError' });
  expect(leaks(await requests.settled(), new URL(api).origin)).toEqual([]);
  expect(other.received).toEqual([]);
});

test('an <img> whose API answer redirects elsewhere fails to load and sends nothing there', async ({
  page,
  stack,
}) => {
  const api = stack.emulator.apiUrl;
  const loaded = await page.evaluate(
    async (src) => {
      const img = new Image();
      img.src = src;
      return img.decode().then(
        () => 'decoded',
        () => 'failed',
      );
    },
    redirectUrl(api, 302, `${other.origin}/pixel.png`),
  );
  expect(loaded).toBe('failed');
  expect(other.received).toEqual([]);
});
