import {
  DeleteWebAuthnCredentialCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { useUserPoolEmulator } from './cognitoTestHelpers.ts';
import { TEST_ORIGIN, newSignedInUser, registerPasskey } from './passkeyTestHelpers.ts';
import {
  SoftwareAuthenticator,
  type CeremonyOptions,
  type SoftwareCredential,
} from './softwareAuthenticator.ts';

const suite = useUserPoolEmulator();

const clientId = () => suite.cognito.emulator.state.settings.clientId;

interface RequestOptions {
  challenge: string;
  rpId: string;
  timeout: number;
  userVerification: string;
  allowCredentials: { id: string; type: string }[];
}

/** A fresh user with one passkey from its own software authenticator. */
async function userWithPasskey(algorithm: -7 | -257 = -7) {
  const { username, accessToken } = await newSignedInUser(suite.cognito.emulator, suite.client);
  const authenticator = new SoftwareAuthenticator();
  const credential = await registerPasskey(suite.client, accessToken, authenticator, {}, algorithm);
  return { username, accessToken, authenticator, credential };
}

async function startPasskeySignIn(username: string) {
  const out = await suite.client.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_AUTH',
      ClientId: clientId(),
      AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN' },
    }),
  );
  expect(out.ChallengeName).toBe('WEB_AUTHN');
  const options = JSON.parse(
    out.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS ?? '',
  ) as RequestOptions;
  return { session: out.Session, options };
}

function answer(username: string, session: string | undefined, assertion: unknown) {
  return suite.client.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: 'WEB_AUTHN',
      ClientId: clientId(),
      Session: session,
      ChallengeResponses: { USERNAME: username, CREDENTIAL: JSON.stringify(assertion) },
    }),
  );
}

/** Runs one passkey sign-in, the ceremony bent by `bend`. */
async function signInWithPasskey(
  username: string,
  authenticator: SoftwareAuthenticator,
  credential: SoftwareCredential,
  bend: Partial<CeremonyOptions> = {},
) {
  const { session, options } = await startPasskeySignIn(username);
  const assertion = authenticator.get(credential, {
    challenge: options.challenge,
    origin: TEST_ORIGIN,
    ...bend,
  });
  return answer(username, session, assertion);
}

describe('passkey sign-in (USER_AUTH, WEB_AUTHN)', () => {
  it('offers WEB_AUTHN only to a user with a passkey, and no longer once it is deleted', async () => {
    const select = async (username: string) =>
      (
        await suite.client.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_AUTH',
            ClientId: clientId(),
            AuthParameters: { USERNAME: username },
          }),
        )
      ).AvailableChallenges;
    const plain = await newSignedInUser(suite.cognito.emulator, suite.client);
    expect(await select(plain.username)).not.toContain('WEB_AUTHN');
    const { username, accessToken, credential } = await userWithPasskey();
    expect(await select(username)).toContain('WEB_AUTHN');
    await suite.client.send(
      new DeleteWebAuthnCredentialCommand({
        AccessToken: accessToken,
        CredentialId: credential.id.toString('base64url'),
      }),
    );
    expect(await select(username)).not.toContain('WEB_AUTHN');
  });

  it('signs in with PREFERRED_CHALLENGE WEB_AUTHN and an ES256 passkey', async () => {
    const { username, authenticator, credential } = await userWithPasskey();
    const { session, options } = await startPasskeySignIn(username);
    expect(options).toMatchObject({
      rpId: 'localhost',
      timeout: 180000,
      userVerification: 'preferred',
      allowCredentials: [{ id: credential.id.toString('base64url'), type: 'public-key' }],
    });
    const out = await answer(
      username,
      session,
      authenticator.get(credential, { challenge: options.challenge, origin: TEST_ORIGIN }),
    );
    const me = await suite.client.send(
      new GetUserCommand({ AccessToken: out.AuthenticationResult?.AccessToken }),
    );
    expect(me.Username).toBe(username);
    expect(out.AuthenticationResult?.RefreshToken).toEqual(expect.any(String));
  });

  it('signs in by answering SELECT_CHALLENGE with WEB_AUTHN and an RS256 passkey', async () => {
    const { username, authenticator, credential } = await userWithPasskey(-257);
    const start = await suite.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: clientId(),
        AuthParameters: { USERNAME: username },
      }),
    );
    const chosen = await suite.client.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: 'SELECT_CHALLENGE',
        ClientId: clientId(),
        Session: start.Session,
        ChallengeResponses: { USERNAME: username, ANSWER: 'WEB_AUTHN' },
      }),
    );
    expect(chosen.ChallengeName).toBe('WEB_AUTHN');
    const options = JSON.parse(
      chosen.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS ?? '',
    ) as RequestOptions;
    const out = await answer(
      username,
      chosen.Session,
      authenticator.get(credential, { challenge: options.challenge, origin: TEST_ORIGIN }),
    );
    expect(out.AuthenticationResult?.IdToken).toEqual(expect.any(String));
  });

  it('refuses an assertion whose signature is forged', async () => {
    const { username, authenticator, credential } = await userWithPasskey();
    const { session, options } = await startPasskeySignIn(username);
    const assertion = authenticator.get(credential, {
      challenge: options.challenge,
      origin: TEST_ORIGIN,
    });
    const other = authenticator.get(credential, { challenge: 'other', origin: TEST_ORIGIN });
    const forged = {
      ...assertion,
      response: {
        ...(assertion.response as object),
        signature: (other.response as { signature: string }).signature,
      },
    };
    await expect(answer(username, session, forged)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('refuses the same assertion sent twice, and in a new session', async () => {
    const { username, authenticator, credential } = await userWithPasskey();
    const { session, options } = await startPasskeySignIn(username);
    const assertion = authenticator.get(credential, {
      challenge: options.challenge,
      origin: TEST_ORIGIN,
    });
    await answer(username, session, assertion);
    await expect(answer(username, session, assertion)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    const fresh = await startPasskeySignIn(username);
    await expect(answer(username, fresh.session, assertion)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it.each([
    ['a challenge it did not issue', { challenge: 'AAAAAAAAAAAAAAAAAAAAAA' }],
    ['an origin it does not allow', { origin: 'https://evil.example' }],
    ['another relying party', { rpId: 'evil.example' }],
    ['no user presence', { userPresent: false }],
    ['the type of a registration', { type: 'webauthn.create' }],
  ])('refuses an assertion with %s', async (_, bend) => {
    const { username, authenticator, credential } = await userWithPasskey();
    await expect(
      signInWithPasskey(username, authenticator, credential, bend),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('refuses an assertion without user verification when the pool requires it', async () => {
    const { username, authenticator, credential } = await userWithPasskey();
    const settings = suite.cognito.emulator.state.settings;
    settings.webAuthnUserVerification = 'required';
    try {
      const { options } = await startPasskeySignIn(username);
      expect(options.userVerification).toBe('required');
      await expect(
        signInWithPasskey(username, authenticator, credential, { userVerified: false }),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await signInWithPasskey(username, authenticator, credential);
    } finally {
      settings.webAuthnUserVerification = 'preferred';
    }
  });

  it('refuses a sign count that does not grow', async () => {
    const { username, authenticator, credential } = await userWithPasskey();
    await signInWithPasskey(username, authenticator, credential, { signCount: 5 });
    for (const signCount of [5, 3]) {
      await expect(
        signInWithPasskey(username, authenticator, credential, { signCount }),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    }
    await signInWithPasskey(username, authenticator, credential, { signCount: 6 });
  });

  it('accepts a sign count that stays 0, as passkeys that keep no counter send', async () => {
    const { username, authenticator, credential } = await userWithPasskey();
    await signInWithPasskey(username, authenticator, credential, { signCount: 0 });
    await signInWithPasskey(username, authenticator, credential, { signCount: 0 });
  });

  it("refuses another user's passkey", async () => {
    const alice = await userWithPasskey();
    const bob = await userWithPasskey();
    await expect(
      signInWithPasskey(bob.username, alice.authenticator, alice.credential),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
