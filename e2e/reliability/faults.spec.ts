import {
  DEMO,
  expect,
  openApp,
  pageFetch,
  signInWorker,
  stopServiceWorkers,
  test,
} from '../support/fixtures.ts';
import type { EmulatorControl } from '../support/EmulatorControl.ts';
import { sendCalls, tally, type Call } from './support/apiCalls.ts';
import { signedApiRequests, unsignedApiRequests, watchRequests } from './support/watchRequests.ts';

/**
 * Longest a request may wait on a failing Cognito: the fetch transport gives each Identity call 8 s
 * and tries twice (createIdentityApi.ts), so a hung Cognito answers in about 16 s; the rest is room
 * for a busy two-core machine. Beyond this the request would be hanging.
 */
const MAX_WAIT_MS = 40_000;
/** Requests the app sends while Cognito is failing: each should not cost a Cognito call. */
const BURST = 50;

test.beforeEach(async ({ page, stack, control }) => {
  await openApp(page, stack);
  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  await signInWorker(page, idToken);
  expect((await pageFetch(page, `${stack.emulator.apiUrl}/echo/warm`)).status).toBe(200);
});

function echoCalls(apiUrl: string, name: string, count: number): Call[] {
  return Array.from({ length: count }, (_, i) => ({ url: `${apiUrl}/echo/${name}/${i}` }));
}

/** Makes the worker's credentials useless at the API and restarts it, so its next request must refresh. */
async function forceRefresh(
  control: EmulatorControl,
  page: Parameters<typeof stopServiceWorkers>[0],
) {
  await control.expireCredentials();
  await stopServiceWorkers(page);
}

for (const kind of ['error500', 'throttle'] as const) {
  test(`answers 503 cognito-unavailable while GetCredentialsForIdentity fails with ${kind}, then recovers`, async ({
    page,
    stack,
    control,
  }) => {
    test.setTimeout(120_000);
    const api = stack.emulator.apiUrl;
    const requests = watchRequests(page.context());
    await control.fault('GetCredentialsForIdentity', kind);
    await forceRefresh(control, page);
    const before = await control.count('GetCredentialsForIdentity');

    const burst = await sendCalls(page, echoCalls(api, `${kind}-burst`, BURST));
    expect(tally(burst)).toEqual({ [`503 cognito-unavailable`]: BURST });
    for (const outcome of burst) {
      expect(outcome.fromWorker).toBe(true);
      expect(outcome.retryAfter).toBe('5');
      expect(outcome.ms).toBeLessThan(MAX_WAIT_MS);
    }
    // Within the backoff, further requests get the same answer without reaching Cognito.
    const more = await sendCalls(page, echoCalls(api, `${kind}-more`, BURST), 5);
    expect(tally(more)).toEqual({ [`503 cognito-unavailable`]: BURST });
    const calls = (await control.count('GetCredentialsForIdentity')) - before;
    // One shared refresh of two attempts, plus at most a few after each backoff pause.
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(8);

    // The API never saw an unsigned request (reset below zeroes the counts).
    expect(await control.count('api.MissingAuthenticationTokenException')).toBe(0);
    // The fault clears (reset also zeroes the counts): after the backoff pause, requests succeed.
    await control.reset();
    await expect
      .poll(async () => (await pageFetch(page, `${api}/echo/${kind}-recovered`)).status, {
        timeout: 45_000,
      })
      .toBe(200);
    expect(await control.count('GetCredentialsForIdentity')).toBe(1);
    const after = await sendCalls(page, echoCalls(api, `${kind}-after`, 10));
    expect(tally(after)).toEqual({ '200': 10 });

    const seen = await requests.settled();
    expect(signedApiRequests(seen, api).length).toBeGreaterThanOrEqual(10);
    expect(unsignedApiRequests(seen, api)).toEqual([]);
  });
}

test('answers 503 cognito-unavailable within the Identity timeout while Cognito hangs, then recovers', async ({
  page,
  stack,
  control,
}) => {
  test.setTimeout(150_000);
  const api = stack.emulator.apiUrl;
  const requests = watchRequests(page.context());
  await control.fault('GetCredentialsForIdentity', 'hang');
  await forceRefresh(control, page);
  const before = await control.count('GetCredentialsForIdentity');

  const burst = await sendCalls(page, echoCalls(api, 'hang-burst', 20));
  expect(tally(burst)).toEqual({ '503 cognito-unavailable': 20 });
  for (const outcome of burst) expect(outcome.ms).toBeLessThan(MAX_WAIT_MS);
  // While backing off the worker answers at once instead of waiting on Cognito again.
  const more = await sendCalls(page, echoCalls(api, 'hang-more', 20), 5);
  expect(tally(more)).toEqual({ '503 cognito-unavailable': 20 });
  const calls = (await control.count('GetCredentialsForIdentity')) - before;
  expect(calls).toBeGreaterThanOrEqual(1);
  expect(calls).toBeLessThanOrEqual(4);

  expect(await control.count('api.MissingAuthenticationTokenException')).toBe(0);
  await control.reset(); // ends the hung calls and clears the fault
  await expect
    .poll(async () => (await pageFetch(page, `${api}/echo/hang-recovered`)).status, {
      timeout: 45_000,
    })
    .toBe(200);
  const after = await sendCalls(page, echoCalls(api, 'hang-after', 10));
  expect(tally(after)).toEqual({ '200': 10 });

  const seen = await requests.settled();
  expect(signedApiRequests(seen, api).length).toBeGreaterThanOrEqual(10);
  expect(unsignedApiRequests(seen, api)).toEqual([]);
});

test('keeps signing with still-valid credentials while a background refresh fails', async ({
  page,
  stack,
  control,
}) => {
  test.setTimeout(90_000);
  const api = stack.emulator.apiUrl;
  // 24 s credentials: the worker refreshes in the background in their last 6 s and blocks only
  // in their last 2 s (refreshPolicy.ts).
  await control.settings({ credentialsTtlSeconds: 24 });
  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  const { expiration } = await signInWorker(page, idToken);
  await control.fault('GetCredentialsForIdentity', 'error500');
  const before = await control.count('GetCredentialsForIdentity');

  // Inside the background-refresh window, every request is still signed and accepted.
  await expect.poll(() => Date.now(), { timeout: 30_000 }).toBeGreaterThan(expiration - 5_500);
  const during = await sendCalls(page, echoCalls(api, 'soft-window', 20), 2);
  expect(tally(during)).toEqual({ '200': 20 });
  expect(await control.count('GetCredentialsForIdentity')).toBeGreaterThan(before);

  // Past expiry, with Cognito still failing, the app gets the clear error…
  await expect.poll(() => Date.now(), { timeout: 30_000 }).toBeGreaterThan(expiration + 500);
  await expect
    .poll(async () => (await sendCalls(page, echoCalls(api, 'expired', 1)))[0]?.code, {
      timeout: MAX_WAIT_MS,
    })
    .toBe('cognito-unavailable');
  // …and once Cognito answers again, fresh credentials.
  await control.reset();
  await expect
    .poll(async () => (await pageFetch(page, `${api}/echo/soft-recovered`)).status, {
      timeout: 45_000,
    })
    .toBe(200);
});
