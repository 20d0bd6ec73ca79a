import {
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { decodeJwt } from '../jwt.ts';
import {
  control,
  identityClientFor,
  loginsFor,
  useUserPoolEmulator,
} from './cognitoTestHelpers.ts';

const suite = useUserPoolEmulator({ resetAfterEach: true });

describe('GetTokensFromRefreshToken (rotation off)', () => {
  it('issues new ID and access tokens without a new refresh token, and is counted', async () => {
    const ClientId = suite.cognito.emulator.state.settings.clientId;
    const signIn = await suite.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId,
        AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' },
      }),
    );
    const out = await suite.client.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId,
        RefreshToken: signIn.AuthenticationResult?.RefreshToken,
      }),
    );
    expect(out.AuthenticationResult?.IdToken).toEqual(expect.any(String));
    expect(out.AuthenticationResult?.RefreshToken).toBeUndefined();
    const { body } = await control(suite.cognito.emulator, 'counts');
    expect((body.counts as Record<string, number>).GetTokensFromRefreshToken).toBe(1);
  });

  it('refuses an unknown refresh token with NotAuthorizedException', async () => {
    await expect(
      suite.client.send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: suite.cognito.emulator.state.settings.clientId,
          RefreshToken: 'not-a-token',
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

async function signIn(ClientId: string): Promise<string> {
  const out = await suite.client.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId,
      AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' },
    }),
  );
  const token = out.AuthenticationResult?.RefreshToken;
  if (!token) throw new Error('No refresh token');
  return token;
}

function refreshAt(ClientId: string, RefreshToken: string) {
  return suite.client.send(new GetTokensFromRefreshTokenCommand({ ClientId, RefreshToken }));
}

describe('GetTokensFromRefreshToken with rotation on', () => {
  const rotating = () => suite.cognito.emulator.state.settings.rotatingClientId;

  it('answers a new refresh token each time, with tokens for the rotating client', async () => {
    const first = await signIn(rotating());
    const out = await refreshAt(rotating(), first);
    const second = out.AuthenticationResult?.RefreshToken;
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    expect(decodeJwt(out.AuthenticationResult?.IdToken ?? '')?.claims.aud).toBe(rotating());
    const third = (await refreshAt(rotating(), second ?? '')).AuthenticationResult?.RefreshToken;
    expect(third).not.toBe(second);
    const user = await suite.client.send(
      new GetUserCommand({ AccessToken: out.AuthenticationResult?.AccessToken }),
    );
    expect(user.Username).toBe('demo');
  });

  it('refuses a rotated-out token at once when the grace period is 0', async () => {
    const first = await signIn(rotating());
    await refreshAt(rotating(), first);
    await expect(refreshAt(rotating(), first)).rejects.toMatchObject({
      name: 'RefreshTokenReuseException',
    });
  });

  it('keeps a rotated-out token working for the grace period, then refuses it', async () => {
    await control(suite.cognito.emulator, 'settings', { refreshTokenGraceSeconds: 30 });
    const first = await signIn(rotating());
    const next = (await refreshAt(rotating(), first)).AuthenticationResult?.RefreshToken;
    suite.cognito.emulator.state.clockOffsetMs = 29 * 1000;
    const retry = await refreshAt(rotating(), first);
    expect(retry.AuthenticationResult?.RefreshToken).toEqual(expect.any(String));
    suite.cognito.emulator.state.clockOffsetMs = 30 * 1000;
    await expect(refreshAt(rotating(), first)).rejects.toMatchObject({
      name: 'RefreshTokenReuseException',
    });
    const fresh = await refreshAt(rotating(), next ?? '');
    expect(fresh.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('keeps the sign-in expiry on rotated tokens', async () => {
    await control(suite.cognito.emulator, 'settings', { refreshTokenTtlSeconds: 100 });
    const first = await signIn(rotating());
    suite.cognito.emulator.state.clockOffsetMs = 60 * 1000;
    const next = (await refreshAt(rotating(), first)).AuthenticationResult?.RefreshToken;
    suite.cognito.emulator.state.clockOffsetMs = 101 * 1000;
    await expect(refreshAt(rotating(), next ?? '')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has expired',
    });
  });

  it('refuses REFRESH_TOKEN_AUTH at the rotating client', async () => {
    const token = await signIn(rotating());
    await expect(
      suite.client.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: rotating(),
          AuthParameters: { REFRESH_TOKEN: token },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'REFRESH_TOKEN_AUTH flow not enabled for this client',
    });
  });

  it('refuses a refresh token at an app client that was not issued it', async () => {
    const token = await signIn(rotating());
    await expect(
      refreshAt(suite.cognito.emulator.state.settings.clientId, token),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Refresh Token.',
    });
  });

  it('rotates at the main client too once the control turns rotation on there', async () => {
    const ClientId = suite.cognito.emulator.state.settings.clientId;
    const { body } = await control(suite.cognito.emulator, 'settings', { rotateMainClient: true });
    expect(body.rotateMainClient).toBe(true);
    const first = await signIn(ClientId);
    const out = await refreshAt(ClientId, first);
    expect(out.AuthenticationResult?.RefreshToken).not.toBe(first);
    await expect(
      suite.client.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId,
          AuthParameters: { REFRESH_TOKEN: out.AuthenticationResult?.RefreshToken ?? '' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it("lets the Identity Pool take the rotating client's ID tokens", async () => {
    const out = await refreshAt(rotating(), await signIn(rotating()));
    const identity = identityClientFor(suite.cognito.emulator);
    try {
      const { IdentityId } = await identity.send(
        new GetIdCommand({
          IdentityPoolId: suite.cognito.emulator.state.settings.identityPoolId,
          Logins: loginsFor(suite.cognito.emulator, out.AuthenticationResult?.IdToken ?? ''),
        }),
      );
      expect(IdentityId).toEqual(expect.any(String));
    } finally {
      identity.destroy();
    }
  });

  it('refuses a grace period outside 0-60 seconds', async () => {
    const { status } = await control(suite.cognito.emulator, 'settings', {
      refreshTokenGraceSeconds: 61,
    });
    expect(status).toBe(400);
  });
});
