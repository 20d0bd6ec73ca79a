import type { Page } from '@playwright/test';
import { expect, openApp, pageFetch, test } from './support/fixtures.ts';
import { NotesPage, newUser } from './demoSupport/NotesPage.ts';
import type { Stack } from './support/startStack.ts';

// The demo with a "Sign in with managed login" button: oidc-client-ts, the hosted page, the feed.
test.use({ buildEnv: { VITE_AUTH_MODE: 'oidc' } });

/** Signs in on the emulator's hosted page and waits to be back in the app, signed in. */
async function managedLogin(page: Page, stack: Stack, username: string, password: string) {
  await page.getByRole('button', { name: 'Sign in with managed login' }).click();
  await page.waitForURL(
    (url) => url.origin === stack.emulator.cognitoUrl && url.pathname === '/login',
  );
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${stack.appUrl}/`);
  await expect(new NotesPage(page).list).toContainText('No notes yet');
}

test('signs in through the hosted page with oidc-client-ts; plain fetch is then signed', async ({
  page,
  stack,
  control,
}) => {
  const user = await newUser(control, 'oidc');
  await openApp(page, stack);
  await managedLogin(page, stack, user.username, user.password);
  // The code flow ran in the page (PKCE, one code redeemed); the User Pool API was not used.
  expect(await control.count('oauth2/token')).toBe(1);
  expect(await control.count('InitiateAuth')).toBe(0);

  const notes = `${stack.emulator.apiUrl}/notes`;
  const put = await pageFetch(page, `${notes}/from-managed-login`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'Hosted', content: 'Signed by the worker' }),
  });
  expect(put.status).toBe(200);
  const list = await pageFetch(page, notes);
  expect(list.status).toBe(200);
  expect(JSON.stringify(list.json)).toContain('Signed by the worker');
});

test('renews the ID token with the refresh token when the worker asks for one', async ({
  page,
  stack,
  control,
}) => {
  const user = await newUser(control, 'oidc');
  // ID tokens of 6 s: the feed renews a third of a lifetime early, the worker a sixth.
  await control.settings({ tokenTtlSeconds: 6 });
  await openApp(page, stack);
  await managedLogin(page, stack, user.username, user.password);
  // Wait until the worker's copy of the ID token is within its margin (a sixth of 6 s) of expiry.
  const exp = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('oidc.user'));
    const { id_token } = JSON.parse(localStorage.getItem(key ?? '') ?? '{}') as {
      id_token: string;
    };
    return (
      JSON.parse(atob(id_token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
        exp: number;
      }
    ).exp;
  });
  await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThan(exp * 1000 - 1000);
  // New credentials need a live ID token: the worker asks the page, the feed refreshes.
  await control.expireCredentials();
  const list = await pageFetch(page, `${stack.emulator.apiUrl}/notes`);
  expect(list.status).toBe(200);
  expect(await control.count('oauth2/token')).toBe(2);
});

test('signs out of the worker and of the hosted session', async ({ page, stack, control }) => {
  const user = await newUser(control, 'oidc');
  await openApp(page, stack);
  await managedLogin(page, stack, user.username, user.password);
  const app = new NotesPage(page);
  await app.signOut();
  await page.waitForURL(`${stack.appUrl}/`);
  await page.getByRole('button', { name: 'Sign in with managed login' }).waitFor();
  await expect(app.status).toContainText('Not signed in');

  const unsigned = await pageFetch(page, `${stack.emulator.apiUrl}/notes`);
  // The worker answers for the API: nobody is signed in, so nothing goes out signed.
  expect(unsigned.status).toBe(401);
  expect(unsigned.json).toMatchObject({ code: 'not-signed-in' });
  // oidc-client-ts forgot the user, in every tab's shared store.
  expect(
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('oidc.user'))),
  ).toEqual([]);
  // The hosted session ended too: signing in again asks for the password.
  await page.getByRole('button', { name: 'Sign in with managed login' }).click();
  await page.waitForURL(
    (url) => url.origin === stack.emulator.cognitoUrl && url.pathname === '/login',
  );
});
