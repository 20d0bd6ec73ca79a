import {
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { control, useUserPoolEmulator } from './cognitoTestHelpers.ts';

const suite = useUserPoolEmulator({ resetAfterEach: true });

const mainClient = () => suite.cognito.emulator.state.settings.clientId;
const rotatingClient = () => suite.cognito.emulator.state.settings.rotatingClientId;

async function signIn(ClientId: string) {
  const out = await suite.client.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId,
      AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' },
    }),
  );
  const result = out.AuthenticationResult;
  if (!result?.RefreshToken || !result.AccessToken) throw new Error('No tokens');
  return { refreshToken: result.RefreshToken, accessToken: result.AccessToken };
}

function revoke(ClientId: string, Token: string) {
  return suite.client.send(new RevokeTokenCommand({ ClientId, Token }));
}

describe('RevokeToken', () => {
  it('revokes the refresh token and the access tokens issued from it, and is counted', async () => {
    const { refreshToken, accessToken } = await signIn(mainClient());
    const refreshed = await suite.client.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: mainClient(), RefreshToken: refreshToken }),
    );
    await revoke(mainClient(), refreshToken);
    await expect(
      suite.client.send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: mainClient(),
          RefreshToken: refreshToken,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
    for (const token of [accessToken, refreshed.AuthenticationResult?.AccessToken]) {
      await expect(
        suite.client.send(new GetUserCommand({ AccessToken: token })),
      ).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token has been revoked',
      });
    }
    const { body } = await control(suite.cognito.emulator, 'counts');
    expect((body.counts as Record<string, number>).RevokeToken).toBe(1);
  });

  it('leaves other sign-ins of the same user alone', async () => {
    const first = await signIn(mainClient());
    const second = await signIn(mainClient());
    await revoke(mainClient(), first.refreshToken);
    const user = await suite.client.send(new GetUserCommand({ AccessToken: second.accessToken }));
    expect(user.Username).toBe('demo');
  });

  it('revokes a whole rotation family from any of its refresh tokens', async () => {
    await control(suite.cognito.emulator, 'settings', { refreshTokenGraceSeconds: 60 });
    const { refreshToken: original } = await signIn(rotatingClient());
    const rotated = await suite.client.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: rotatingClient(), RefreshToken: original }),
    );
    const next = rotated.AuthenticationResult?.RefreshToken ?? '';
    await revoke(rotatingClient(), original);
    await expect(
      suite.client.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: rotatingClient(), RefreshToken: next }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(
      suite.client.send(
        new GetUserCommand({ AccessToken: rotated.AuthenticationResult?.AccessToken }),
      ),
    ).rejects.toMatchObject({ message: 'Access Token has been revoked' });
  });

  it('answers 200 for an unknown or already revoked refresh token', async () => {
    const { refreshToken } = await signIn(mainClient());
    await revoke(mainClient(), refreshToken);
    await expect(revoke(mainClient(), refreshToken)).resolves.toBeDefined();
    await expect(revoke(mainClient(), 'not-a-refresh-token')).resolves.toBeDefined();
  });

  it('refuses an access token with UnsupportedTokenTypeException', async () => {
    const { accessToken } = await signIn(mainClient());
    await expect(revoke(mainClient(), accessToken)).rejects.toMatchObject({
      name: 'UnsupportedTokenTypeException',
    });
  });

  it('refuses a refresh token another app client was issued, and keeps it valid', async () => {
    const { refreshToken } = await signIn(mainClient());
    await expect(revoke(rotatingClient(), refreshToken)).rejects.toMatchObject({
      name: 'UnauthorizedException',
    });
    const out = await suite.client.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: mainClient(), RefreshToken: refreshToken }),
    );
    expect(out.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('refuses an unknown app client and a token outside the pattern', async () => {
    const { refreshToken } = await signIn(mainClient());
    await expect(revoke('nosuchclient', refreshToken)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(revoke(mainClient(), 'has spaces')).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});
