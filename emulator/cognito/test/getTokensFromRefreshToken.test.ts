import {
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';
import { control } from './cognitoTestHelpers.ts';

let cognito: TestEmulator;
let client: CognitoIdentityProviderClient;
beforeAll(async () => {
  cognito = await startTestEmulator();
  client = new CognitoIdentityProviderClient({
    region: cognito.emulator.state.settings.region,
    endpoint: cognito.emulator.cognitoUrl,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await cognito.close();
});

describe('GetTokensFromRefreshToken (rotation off)', () => {
  it('issues new ID and access tokens without a new refresh token, and is counted', async () => {
    const ClientId = cognito.emulator.state.settings.clientId;
    const signIn = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId,
        AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' },
      }),
    );
    const out = await client.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId,
        RefreshToken: signIn.AuthenticationResult?.RefreshToken,
      }),
    );
    expect(out.AuthenticationResult?.IdToken).toEqual(expect.any(String));
    expect(out.AuthenticationResult?.RefreshToken).toBeUndefined();
    const { body } = await control(cognito.emulator, 'counts');
    expect((body.counts as Record<string, number>).GetTokensFromRefreshToken).toBe(1);
  });

  it('refuses an unknown refresh token with NotAuthorizedException', async () => {
    await expect(
      client.send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: cognito.emulator.state.settings.clientId,
          RefreshToken: 'not-a-token',
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
