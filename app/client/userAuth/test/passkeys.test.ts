import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftwareAuthenticator } from '../../../../emulator/cognito/test/softwareAuthenticator.ts';
import {
  startTestEmulator,
  type TestEmulator,
} from '../../../../emulator/test/startTestEmulator.ts';
import type { UserAuth } from '../UserAuth.ts';
import { softwareCredentials } from './softwareCredentials.ts';
import {
  closeUserAuths,
  newUser,
  signedIn,
  signInWithPassword,
  userAuthFor,
} from './userAuthTestHelpers.ts';

let cognito: TestEmulator;
beforeAll(async () => {
  cognito = await startTestEmulator();
});
afterAll(async () => {
  closeUserAuths();
  await cognito.close();
});

/** A fresh user signed in with a password on a page whose browser holds `credentials`. */
async function signedInUser(credentials = softwareCredentials()) {
  const auth = userAuthFor(cognito.emulator, { credentials });
  const username = await newUser(auth, cognito.emulator);
  await signInWithPassword(auth, username);
  return { auth, username, credentials };
}

/** The same browser, signed out, on a new page. */
function newPage(credentials: ReturnType<typeof softwareCredentials>): UserAuth {
  return userAuthFor(cognito.emulator, { credentials });
}

describe('UserAuth passkeys (WebAuthn)', () => {
  it('registers a passkey for the signed-in user and lists it', async () => {
    const authenticator = new SoftwareAuthenticator();
    const { auth, credentials } = await signedInUser(softwareCredentials(authenticator));
    expect(await auth.listPasskeys()).toEqual([]);
    await auth.addPasskey();
    expect(credentials.ceremonies).toEqual(['create']);
    const [passkey, ...more] = await auth.listPasskeys();
    expect(more).toEqual([]);
    expect(passkey).toMatchObject({
      credentialId: authenticator.credentials[0]!.id.toString('base64url'),
      relyingPartyId: 'localhost',
      transports: ['internal', 'hybrid'],
      createdAt: expect.any(Date),
    });
  });

  it('signs in with the passkey as the preferred challenge', async () => {
    const { auth, username, credentials } = await signedInUser();
    await auth.addPasskey();
    await auth.signOut();
    const page = newPage(credentials);
    const done = signedIn(await page.signIn(username, { preferred: 'WEB_AUTHN' }));
    expect(credentials.ceremonies).toEqual(['create', 'get']);
    expect((await page.currentSession())?.idToken).toBe(done.tokens.idToken);
    expect((await page.currentSession())?.username).toBe(username);
  });

  it('offers WEB_AUTHN in SELECT_CHALLENGE once the user has a passkey, and signs in with it', async () => {
    const { auth, username, credentials } = await signedInUser();
    const before = await newPage(credentials).signIn(username);
    expect(before.kind === 'choose' && before.available).not.toContain('WEB_AUTHN');
    await auth.addPasskey();
    const step = await newPage(credentials).signIn(username);
    if (step.kind !== 'choose') throw new Error(step.kind);
    expect(step.available).toContain('WEB_AUTHN');
    signedIn(await step.choose('WEB_AUTHN'));
  });

  it('deletes a passkey: it is no longer listed nor offered', async () => {
    const { auth, username, credentials } = await signedInUser();
    await auth.addPasskey();
    const [passkey] = await auth.listPasskeys();
    await auth.deletePasskey(passkey!.credentialId);
    expect(await auth.listPasskeys()).toEqual([]);
    const step = await newPage(credentials).signIn(username, { preferred: 'WEB_AUTHN' });
    expect(step.kind === 'choose' && step.available).not.toContain('WEB_AUTHN');
  });

  it('answers passkey-exists when the device already holds a passkey for the account', async () => {
    const { auth } = await signedInUser();
    await auth.addPasskey();
    await expect(auth.addPasskey()).rejects.toMatchObject({
      code: 'passkey-exists',
      cause: { name: 'InvalidStateError' },
    });
    expect(await auth.listPasskeys()).toHaveLength(1);
  });

  it('answers passkey-cancelled when the person dismisses the prompt, and a retry signs in', async () => {
    const { auth, username, credentials } = await signedInUser();
    await auth.addPasskey();
    const page = newPage(credentials);
    credentials.failNext = 'NotAllowedError';
    await expect(page.signIn(username, { preferred: 'WEB_AUTHN' })).rejects.toMatchObject({
      code: 'passkey-cancelled',
    });
    signedIn(await page.signIn(username, { preferred: 'WEB_AUTHN' }));
  });

  it('answers passkey-cancelled when this device has none of the user’s passkeys', async () => {
    const { auth, username } = await signedInUser();
    await auth.addPasskey();
    const otherDevice = softwareCredentials();
    await expect(
      newPage(otherDevice).signIn(username, { preferred: 'WEB_AUTHN' }),
    ).rejects.toMatchObject({ code: 'passkey-cancelled' });
  });

  it('answers wrong-credentials, naming the passkey, when the emulator refuses a forged assertion', async () => {
    const authenticator = new SoftwareAuthenticator();
    const { auth, username } = await signedInUser(softwareCredentials(authenticator));
    await auth.addPasskey();
    const forged = softwareCredentials(authenticator, 'https://evil.example');
    const refusal = newPage(forged).signIn(username, { preferred: 'WEB_AUTHN' });
    await expect(refusal).rejects.toMatchObject({
      code: 'wrong-credentials',
      message: expect.stringContaining('passkey'),
      cause: { name: 'NotAuthorizedException' },
    });
  });

  it('answers passkey-unavailable when the registration comes from an origin the pool does not allow', async () => {
    const { auth } = await signedInUser(softwareCredentials(undefined, 'https://evil.example'));
    await expect(auth.addPasskey()).rejects.toMatchObject({
      code: 'passkey-unavailable',
      cause: { name: 'WebAuthnOriginNotAllowedException' },
    });
  });

  it('answers not-signed-in for passkey management while signed out, without a ceremony', async () => {
    const credentials = softwareCredentials();
    const auth = newPage(credentials);
    await expect(auth.addPasskey()).rejects.toMatchObject({ code: 'not-signed-in' });
    await expect(auth.listPasskeys()).rejects.toMatchObject({ code: 'not-signed-in' });
    await expect(auth.deletePasskey('abc')).rejects.toMatchObject({ code: 'not-signed-in' });
    expect(credentials.ceremonies).toEqual([]);
  });

  it('answers passkey-unavailable where the browser has no navigator.credentials', async () => {
    const auth = userAuthFor(cognito.emulator);
    const username = await newUser(auth, cognito.emulator);
    await signInWithPassword(auth, username);
    await expect(auth.addPasskey()).rejects.toMatchObject({ code: 'passkey-unavailable' });
  });
});
