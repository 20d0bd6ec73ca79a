import { randomUUID } from 'node:crypto';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  CompleteWebAuthnRegistrationCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { RunningEmulator } from '../../index.ts';
import { control } from './cognitoTestHelpers.ts';
import type { CeremonyOptions, SoftwareAuthenticator } from './softwareAuthenticator.ts';

/** The origin the tests' pages would run on: localhost, since browsers refuse IP addresses as RP IDs. */
export const TEST_ORIGIN = 'http://localhost:5173';

/** A password that meets the emulator's default policy. */
const PASSWORD = 'Passw0rd!';

/** Signs up and confirms a fresh user, then signs in with a password; returns its name and access token. */
export async function newSignedInUser(
  emulator: RunningEmulator,
  client: CognitoIdentityProviderClient,
): Promise<{ username: string; accessToken: string }> {
  const ClientId = emulator.state.settings.clientId;
  const username = `user-${randomUUID().slice(0, 8)}`;
  await client.send(
    new SignUpCommand({
      ClientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  const { body } = await control(emulator, `confirmation-code?username=${username}`);
  await client.send(
    new ConfirmSignUpCommand({ ClientId, Username: username, ConfirmationCode: String(body.code) }),
  );
  const out = await client.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId,
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  return { username, accessToken: out.AuthenticationResult?.AccessToken ?? '' };
}

/** The CredentialCreationOptions fields the software authenticator reads. */
export interface CreationOptions {
  challenge: string;
  rp: { id: string; name: string };
  user: { id: string; name: string; displayName: string };
  excludeCredentials: { id: string; type: string }[];
  authenticatorSelection: Record<string, unknown>;
  pubKeyCredParams: { alg: number; type: string }[];
  timeout: number;
}

/** Runs StartWebAuthnRegistration and returns its options. */
export async function startRegistration(
  client: CognitoIdentityProviderClient,
  accessToken: string,
): Promise<CreationOptions> {
  const out = await client.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
  return out.CredentialCreationOptions as unknown as CreationOptions;
}

/** Registers a passkey from `authenticator` through the SDK; `bend` changes the ceremony to forge it. */
export async function registerPasskey(
  client: CognitoIdentityProviderClient,
  accessToken: string,
  authenticator: SoftwareAuthenticator,
  bend: Partial<CeremonyOptions> = {},
  algorithm: -7 | -257 = -7,
) {
  const options = await startRegistration(client, accessToken);
  const { credential, response } = authenticator.create(
    options,
    { challenge: options.challenge, origin: TEST_ORIGIN, ...bend },
    algorithm,
  );
  await client.send(
    new CompleteWebAuthnRegistrationCommand({
      AccessToken: accessToken,
      Credential: response as never,
    }),
  );
  return credential;
}
