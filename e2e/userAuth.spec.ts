import type { Page } from '@playwright/test';
import { NotesPage, newUser } from './demoSupport/NotesPage.ts';
import type { EmulatorControl } from './support/EmulatorControl.ts';
import { expect, openApp, pageFetch, test } from './support/fixtures.ts';
import type { Stack } from './support/startStack.ts';

// The demo's default sign-in (USER_AUTH through UserAuth): passkeys and e-mailed codes end to end.

/** Opens the app at http://localhost: browsers refuse an IP address as a passkey's RP ID, and the emulator's is `localhost`. */
async function openOnLocalhost(page: Page, stack: Stack): Promise<void> {
  const url = new URL(stack.appUrl);
  url.hostname = 'localhost';
  await page.goto(url.href);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** A CTAP2 platform authenticator inside Chromium that keeps resident keys and verifies the user. */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

/** The newest EMAIL_OTP code the pool e-mailed `username`, read through the emulator's mailbox. */
async function latestSignInCode(control: EmulatorControl, username: string): Promise<string> {
  const codes = (await control.mailbox(username)).filter((m) => m.purpose === 'EMAIL_OTP');
  const code = codes.at(-1)?.code;
  if (!code) throw new Error(`no sign-in code for ${username}`);
  return code;
}

/** Asks for an e-mailed code from the sign-in form and waits for the code card. */
async function requestCode(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page.getByRole('heading', { name: 'Check your e-mail' })).toBeVisible();
}

async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Sign-in code').fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** A code of the same length that is not `code`. */
function wrongCode(code: string): string {
  return code.replace(/^./, (d) => String((Number(d) + 1) % 10));
}

test('adds a passkey after a password sign-in, signs in with it and fetches signed; removed, it is no longer offered', async ({
  page,
  stack,
  control,
}) => {
  const user = await newUser(control, 'passkey');
  const authenticator = await addVirtualAuthenticator(page);
  await openOnLocalhost(page, stack);
  const app = new NotesPage(page);
  await app.signInAndWait(user.username, user.password);

  await page.getByText('Passkeys', { exact: true }).click();
  const passkeys = page.getByRole('list', { name: 'Your passkeys' });
  await expect(passkeys).toHaveText('No passkeys yet.');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(passkeys.getByRole('button', { name: /^Remove passkey/ })).toHaveCount(1);
  const [stored] = await authenticator.credentials();
  expect(stored).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });

  await app.signOut();
  const assertions = await control.count('RespondToAuthChallenge');
  await page.getByLabel('Username').fill(user.username);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(app.status).toContainText(`Signed in as ${user.username}`);
  // The list loaded: the worker signed the app's plain fetch with the passkey user's credentials.
  await expect(app.list).toHaveAttribute('aria-busy', 'false');
  await expect(app.list).toContainText('No notes yet');
  expect(await control.count('RespondToAuthChallenge')).toBe(assertions + 1);
  expect((await authenticator.credentials())[0]?.signCount).toBeGreaterThan(stored!.signCount);
  const list = await pageFetch(page, `${stack.emulator.apiUrl}/notes`);
  expect(list.status).toBe(200);

  // Removed at Cognito: a passkey sign-in is then no longer among this user's choices.
  await page.getByText('Passkeys', { exact: true }).click();
  await passkeys.getByRole('button', { name: /^Remove passkey/ }).click();
  await expect(passkeys).toHaveText('No passkeys yet.');
  await app.signOut();
  await page.getByLabel('Username').fill(user.username);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  const choices = page.getByRole('form', { name: 'Choose how to sign in' });
  await expect(choices.getByRole('button', { name: 'Email me a code' })).toBeVisible();
  await expect(choices.getByRole('button', { name: 'Sign in with a passkey' })).toHaveCount(0);
  // SELECT_CHALLENGE answered with PASSWORD_SRP from the card.
  await choices.getByLabel('Password').fill(user.password);
  await choices.getByRole('button', { name: 'Sign in with password' }).click();
  await expect(app.status).toContainText(`Signed in as ${user.username}`);
});

test('signs in with an e-mailed code: a wrong one is refused, the right one works', async ({
  page,
  stack,
  control,
}) => {
  const user = await newUser(control, 'otp');
  await openApp(page, stack);
  const app = new NotesPage(page);
  await requestCode(page, user.username);
  const code = await latestSignInCode(control, user.username);

  await enterCode(page, wrongCode(code));
  await expect(page.getByRole('alert')).toHaveText(
    'That code is not right; check it and try again.',
  );
  await enterCode(page, code);
  await expect(app.status).toContainText(`Signed in as ${user.username}`);
  await expect(app.list).toHaveAttribute('aria-busy', 'false');
  await expect(app.list).toContainText('No notes yet');
});

test('refuses an expired e-mailed code, and a new code signs in', async ({
  page,
  stack,
  control,
}) => {
  const user = await newUser(control, 'expired');
  await control.settings({ emailOtpTtlSeconds: 1 });
  await openApp(page, stack);
  await requestCode(page, user.username);
  const [sent] = (await control.mailbox(user.username)).filter((m) => m.purpose === 'EMAIL_OTP');
  // The emulator's clock has no offset after reset, so its sentAt is comparable with this one.
  await expect.poll(() => Date.now(), { timeout: 5_000 }).toBeGreaterThan(sent!.sentAt + 1_000);
  await enterCode(page, sent!.code);
  await expect(page.getByRole('alert')).toHaveText('That code has expired; request a new one.');

  await control.settings({ emailOtpTtlSeconds: 180 });
  await page.getByRole('button', { name: 'Send a new code' }).click();
  await expect(page.getByText('We sent you a new code.')).toBeVisible();
  const fresh = await latestSignInCode(control, user.username);
  expect(fresh).not.toBe(sent!.code);
  await enterCode(page, fresh);
  await expect(new NotesPage(page).status).toContainText(`Signed in as ${user.username}`);
});

test('answers the worker’s token-needed from the USER_AUTH session, with one refresh', async ({
  page,
  stack,
  control,
}) => {
  const user = await newUser(control, 'refresh');
  await control.settings({ tokenTtlSeconds: 3, credentialsTtlSeconds: 3 });
  await openApp(page, stack);
  await new NotesPage(page).signInAndWait(user.username, user.password);
  // Every token of this sign-in was issued by now, so each has lapsed 3 s from now.
  const lapsedAt = Date.now() + 3_000;
  await control.settings({ tokenTtlSeconds: 3600, credentialsTtlSeconds: 3600 });
  // Counted from here: a refresh the sign-in itself made (its tokens are short) is not this one.
  const before = await control.count('GetTokensFromRefreshToken');
  await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThan(lapsedAt);
  await control.expireCredentials();
  const echo = await pageFetch(page, `${stack.emulator.apiUrl}/echo/after-expiry`);
  expect(echo.status).toBe(200);
  expect(await control.count('GetTokensFromRefreshToken')).toBe(before + 1);
});
