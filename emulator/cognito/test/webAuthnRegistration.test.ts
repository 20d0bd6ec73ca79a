import {
  CompleteWebAuthnRegistrationCommand,
  DeleteWebAuthnCredentialCommand,
  ListWebAuthnCredentialsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { userPoolClientFor, useUserPoolEmulator } from './cognitoTestHelpers.ts';
import { startTestEmulator } from '../../test/startTestEmulator.ts';
import {
  TEST_ORIGIN,
  newSignedInUser,
  registerPasskey,
  startRegistration,
} from './passkeyTestHelpers.ts';
import { SoftwareAuthenticator } from './softwareAuthenticator.ts';

const suite = useUserPoolEmulator();

const settings = () => suite.cognito.emulator.state.settings;

describe('passkey registration (StartWebAuthnRegistration, CompleteWebAuthnRegistration)', () => {
  it("offers Cognito's creation options for the signed-in user", async () => {
    const { username, accessToken } = await newSignedInUser(suite.cognito.emulator, suite.client);
    const options = await startRegistration(suite.client, accessToken);
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: 'localhost' },
      user: { name: username, displayName: '' },
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      timeout: 60000,
      excludeCredentials: [],
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('registers, lists and deletes passkeys, excluding registered ones from new options', async () => {
    const { accessToken } = await newSignedInUser(suite.cognito.emulator, suite.client);
    const authenticator = new SoftwareAuthenticator();
    const es256 = await registerPasskey(suite.client, accessToken, authenticator);
    const rs256 = await registerPasskey(suite.client, accessToken, authenticator, {}, -257);

    const listed = await suite.client.send(
      new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }),
    );
    expect(listed.Credentials).toEqual([
      expect.objectContaining({
        CredentialId: es256.id.toString('base64url'),
        RelyingPartyId: 'localhost',
        AuthenticatorAttachment: 'platform',
        AuthenticatorTransports: ['internal', 'hybrid'],
        FriendlyCredentialName: expect.any(String),
        CreatedAt: expect.any(Date),
      }),
      expect.objectContaining({ CredentialId: rs256.id.toString('base64url') }),
    ]);
    const options = await startRegistration(suite.client, accessToken);
    expect(options.excludeCredentials.map((c) => c.id)).toEqual([
      es256.id.toString('base64url'),
      rs256.id.toString('base64url'),
    ]);

    const page = await suite.client.send(
      new ListWebAuthnCredentialsCommand({ AccessToken: accessToken, MaxResults: 1 }),
    );
    expect(page.Credentials).toHaveLength(1);
    const rest = await suite.client.send(
      new ListWebAuthnCredentialsCommand({ AccessToken: accessToken, NextToken: page.NextToken }),
    );
    expect(rest.Credentials?.map((c) => c.CredentialId)).toEqual([rs256.id.toString('base64url')]);
    expect(rest.NextToken).toBeUndefined();

    await suite.client.send(
      new DeleteWebAuthnCredentialCommand({
        AccessToken: accessToken,
        CredentialId: es256.id.toString('base64url'),
      }),
    );
    const after = await suite.client.send(
      new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }),
    );
    expect(after.Credentials?.map((c) => c.CredentialId)).toEqual([rs256.id.toString('base64url')]);
    await expect(
      suite.client.send(
        new DeleteWebAuthnCredentialCommand({
          AccessToken: accessToken,
          CredentialId: es256.id.toString('base64url'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('keeps passkeys with the users across a restart', async () => {
    const { accessToken } = await newSignedInUser(suite.cognito.emulator, suite.client);
    const credential = await registerPasskey(
      suite.client,
      accessToken,
      new SoftwareAuthenticator(),
    );
    const again = await startTestEmulator(suite.cognito.dataDir);
    const againClient = userPoolClientFor(again.emulator);
    try {
      const listed = await againClient.send(
        new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }),
      );
      expect(listed.Credentials?.map((c) => c.CredentialId)).toEqual([
        credential.id.toString('base64url'),
      ]);
    } finally {
      againClient.destroy();
      await again.close();
    }
  });

  it('refuses a second answer to the same challenge', async () => {
    const { accessToken } = await newSignedInUser(suite.cognito.emulator, suite.client);
    const options = await startRegistration(suite.client, accessToken);
    const { response } = new SoftwareAuthenticator().create(options, {
      challenge: options.challenge,
      origin: TEST_ORIGIN,
    });
    const complete = () =>
      suite.client.send(
        new CompleteWebAuthnRegistrationCommand({
          AccessToken: accessToken,
          Credential: response as never,
        }),
      );
    await complete();
    await expect(complete()).rejects.toMatchObject({ name: 'WebAuthnChallengeNotFoundException' });
  });

  it.each([
    [
      'a challenge it never issued',
      { challenge: 'AAAAAAAAAAAAAAAAAAAAAA' },
      'WebAuthnChallengeNotFoundException',
    ],
    [
      'an origin it does not allow',
      { origin: 'https://evil.example' },
      'WebAuthnOriginNotAllowedException',
    ],
    [
      'an IP-address origin',
      { origin: 'http://127.0.0.1:5173' },
      'WebAuthnOriginNotAllowedException',
    ],
    ['another relying party', { rpId: 'evil.example' }, 'WebAuthnRelyingPartyMismatchException'],
    ['no user presence', { userPresent: false }, 'WebAuthnCredentialNotSupportedException'],
    [
      'an attestation format other than none and packed',
      { fmt: 'fido-u2f' },
      'WebAuthnCredentialNotSupportedException',
    ],
    ['the type of an assertion', { type: 'webauthn.get' }, 'InvalidParameterException'],
  ])('refuses a registration with %s', async (_, bend, type) => {
    const { accessToken } = await newSignedInUser(suite.cognito.emulator, suite.client);
    await expect(
      registerPasskey(suite.client, accessToken, new SoftwareAuthenticator(), bend),
    ).rejects.toMatchObject({ name: type });
    const listed = await suite.client.send(
      new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }),
    );
    expect(listed.Credentials).toEqual([]);
  });

  it('accepts packed self attestation', async () => {
    const { accessToken } = await newSignedInUser(suite.cognito.emulator, suite.client);
    await registerPasskey(suite.client, accessToken, new SoftwareAuthenticator(), {
      fmt: 'packed',
    });
  });

  it('refuses a passkey without user verification when the pool requires it', async () => {
    const { accessToken } = await newSignedInUser(suite.cognito.emulator, suite.client);
    settings().webAuthnUserVerification = 'required';
    try {
      const options = await startRegistration(suite.client, accessToken);
      expect(options.authenticatorSelection.userVerification).toBe('required');
      await expect(
        registerPasskey(suite.client, accessToken, new SoftwareAuthenticator(), {
          userVerified: false,
        }),
      ).rejects.toMatchObject({ name: 'WebAuthnCredentialNotSupportedException' });
    } finally {
      settings().webAuthnUserVerification = 'preferred';
    }
  });

  it('refuses every passkey operation without a valid access token', async () => {
    await expect(startRegistration(suite.client, 'not.a.token')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(
      suite.client.send(new ListWebAuthnCredentialsCommand({ AccessToken: 'not.a.token' })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
