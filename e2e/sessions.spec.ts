import type { BrowserContext, Page } from '@playwright/test';
import type { EmulatorControl } from './support/EmulatorControl.ts';
import {
  DEMO,
  expect,
  openApp,
  pageFetch,
  postToWorker,
  signInWorker,
  test,
} from './support/fixtures.ts';
import type { Stack } from './support/startStack.ts';
import { storeUserPoolSession } from './support/userPoolSession.ts';
import { claimsOf, forgeToken, strangerKey } from './reliability/support/tokens.ts';

// The page's classic session (amazon-cognito-identity-js) answers the worker's token-needed here:
// storeUserPoolSession plants its tokens where that library keeps them, so the demo is built with it.
test.use({ buildEnv: { VITE_AUTH_MODE: 'classic' } });

/** Two hours: longer than an ID token lives, so a clock this far off makes fresh tokens look expired (or not yet issued). */
const TWO_HOURS_S = 2 * 3600;

/** Signs the worker in as the demo user whose tokens the page's User Pool session also holds. */
async function signInWithPageSession(page: Page, control: EmulatorControl) {
  const tokens = await control.tokens(DEMO.username, DEMO.password);
  await storeUserPoolSession(page, control.clientId, DEMO.username, tokens);
  return { tokens, ...(await signInWorker(page, tokens.idToken)) };
}

/** Waits until the ID token has expired on the emulator's clock (no fixed sleep). */
async function waitUntilExpired(idToken: string) {
  const { exp } = claimsOf(idToken);
  await expect.poll(() => Date.now(), { timeout: 15_000 }).toBeGreaterThan(exp * 1000);
}

/** Resolves when the page hears `type` from the worker (listening starts at once). */
async function nextEvent(page: Page, type: string): Promise<() => Promise<void>> {
  // Wrapped in an object: evaluateHandle would otherwise wait for the promise itself.
  const handle = await page.evaluateHandle(
    (type) => ({
      heard: new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('message', (event) => {
          if (event.data?.type === type) resolve();
        }),
      ),
    }),
    type,
  );
  return () => handle.evaluate(({ heard }) => heard);
}

async function openTabs(context: BrowserContext, stack: Stack, count: number): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    await openApp(page, stack);
    pages.push(page);
  }
  return pages;
}

async function echo(page: Page, stack: Stack, name: string) {
  const { status, json } = await pageFetch(page, `${stack.emulator.apiUrl}/echo/${name}`);
  return { status, identityId: json?.identityId };
}

test('a rejected sign-in for another user ends the session and tells every tab', async ({
  page,
  stack,
  control,
}) => {
  await openApp(page, stack);
  const { tokens } = await signInWithPageSession(page, control);
  const [other] = await openTabs(page.context(), stack, 1);
  const heardHere = await nextEvent(page, 'signed-out');
  const heardThere = await nextEvent(other!, 'signed-out');
  const forged = forgeToken({ ...claimsOf(tokens.idToken), sub: 'someone-else' }, strangerKey());
  const reply = await postToWorker(page, { type: 'sign-in', v: 1, idToken: forged });
  expect(reply).toMatchObject({ ok: false, error: { code: 'cognito-rejected' } });
  await heardHere();
  await heardThere();
  expect(await postToWorker(other!, { type: 'status', v: 1 })).toMatchObject({
    ok: true,
    result: { signedIn: false },
  });
});

for (const [name, offsetS] of [
  ['2 h behind AWS', TWO_HOURS_S],
  ['2 h ahead of AWS', -TWO_HOURS_S],
] as const) {
  test(`signs in and signs requests with a device clock ${name}`, async ({
    page,
    stack,
    control,
  }) => {
    await openApp(page, stack);
    // The emulator's clock moves instead of the device's: the same skew, as the worker sees it.
    await control.setClock(offsetS);
    const { identityId } = await signInWithPageSession(page, control);
    const status = await postToWorker(page, { type: 'status', v: 1 });
    const offset = (status as { result: { clockOffsetMs: number } }).result.clockOffsetMs;
    // Learned from Cognito's answers, before any request reached API Gateway.
    expect(Math.abs(offset - offsetS * 1000)).toBeLessThan(10_000);
    expect(await echo(page, stack, 'far-clock')).toEqual({ status: 200, identityId });
  });
}

test('one tab answers token-needed: one token refresh per expiry with three tabs', async ({
  page,
  stack,
  control,
}) => {
  await control.settings({ tokenTtlSeconds: 3, credentialsTtlSeconds: 3 });
  await openApp(page, stack);
  const { tokens, identityId } = await signInWithPageSession(page, control);
  await control.settings({ tokenTtlSeconds: 3600, credentialsTtlSeconds: 3600 });
  // Counted from here: the new tabs' own notes loads may meet the expiry before the echoes do.
  const before = await control.count('InitiateAuth');
  const tabs = [page, ...(await openTabs(page.context(), stack, 2))];
  await waitUntilExpired(tokens.idToken);
  // The tabs' own loads may have renewed the credentials while the ID token was still good; expire
  // them, so the next refresh needs a new ID token whatever the timing.
  await control.expireCredentials();
  const results = await Promise.all(tabs.map((tab, i) => echo(tab, stack, `three-tabs-${i}`)));
  expect(results).toEqual(tabs.map(() => ({ status: 200, identityId })));
  expect(await control.count('InitiateAuth')).toBe(before + 1);
});

test('another tab answers token-needed when the elected one is frozen', async ({
  page,
  stack,
  control,
}) => {
  await control.settings({ tokenTtlSeconds: 3, credentialsTtlSeconds: 3 });
  await openApp(page, stack);
  const { tokens, identityId } = await signInWithPageSession(page, control);
  await control.settings({ tokenTtlSeconds: 3600, credentialsTtlSeconds: 3600 });
  const [second] = await openTabs(page.context(), stack, 1);
  // The first tab holds the answerer lock; a frozen page keeps it but runs nothing.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  // Counted from the freeze: the second tab's own notes load may meet the expiry first.
  const before = await control.count('InitiateAuth');
  await waitUntilExpired(tokens.idToken);
  await control.expireCredentials(); // as above: the next refresh needs a new ID token
  expect(await echo(second!, stack, 'fall-over')).toEqual({ status: 200, identityId });
  expect(await control.count('InitiateAuth')).toBe(before + 1);
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
});

test('a new worker version taking over mid-session signs with no Cognito call and gets the next token', async ({
  page,
  stack,
  control,
}) => {
  await control.settings({ tokenTtlSeconds: 8 });
  await openApp(page, stack);
  const { tokens, identityId } = await signInWithPageSession(page, control);
  await control.settings({ tokenTtlSeconds: 3600 });
  expect(await echo(page, stack, 'before-update')).toEqual({ status: 200, identityId });
  const counts = await control.counts();

  await stack.changeWorker();
  const scripts = await page.evaluate(async () => {
    const container = navigator.serviceWorker;
    const before = container.controller;
    const changed = new Promise((resolve) =>
      container.addEventListener('controllerchange', resolve, { once: true }),
    );
    await (await container.getRegistration())!.update();
    await changed;
    return { replaced: container.controller !== before && container.controller !== null };
  });
  expect(scripts).toEqual({ replaced: true });
  expect(await echo(page, stack, 'after-update')).toEqual({ status: 200, identityId });
  const after = await control.counts();
  for (const call of ['InitiateAuth', 'GetId', 'GetCredentialsForIdentity']) {
    expect(after[call] ?? 0, call).toBe(counts[call] ?? 0);
  }

  // The new worker asks for the next ID token itself, and the page answers it.
  await waitUntilExpired(tokens.idToken);
  await control.expireCredentials();
  expect(await echo(page, stack, 'after-expiry')).toEqual({ status: 200, identityId });
  expect(await control.count('InitiateAuth')).toBe((counts.InitiateAuth ?? 0) + 1);
});
