import {
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { useUserPoolEmulator } from './cognitoTestHelpers.ts';

const suite = useUserPoolEmulator();

const clientId = () => suite.cognito.emulator.state.settings.clientId;

describe('choice-based sign-in (USER_AUTH)', () => {
  it('offers SELECT_CHALLENGE with a Session when no challenge is preferred', async () => {
    const out = await suite.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: clientId(),
        AuthParameters: { USERNAME: 'demo' },
      }),
    );
    expect(out.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(out.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
    expect(out.Session).toEqual(expect.any(String));
  });

  it('signs in by answering SELECT_CHALLENGE with PASSWORD', async () => {
    const start = await suite.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: clientId(),
        AuthParameters: { USERNAME: 'demo' },
      }),
    );
    const out = await suite.client.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: 'SELECT_CHALLENGE',
        ClientId: clientId(),
        Session: start.Session,
        ChallengeResponses: { USERNAME: 'demo', ANSWER: 'PASSWORD', PASSWORD: 'Passw0rd!' },
      }),
    );
    expect(out.AuthenticationResult?.IdToken).toEqual(expect.any(String));
    expect(out.AuthenticationResult?.RefreshToken).toEqual(expect.any(String));
  });

  it('signs in at once with PREFERRED_CHALLENGE PASSWORD and refuses a wrong one', async () => {
    const out = await suite.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: clientId(),
        AuthParameters: {
          USERNAME: 'demo',
          PREFERRED_CHALLENGE: 'PASSWORD',
          PASSWORD: 'Passw0rd!',
        },
      }),
    );
    expect(out.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    await expect(
      suite.client.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_AUTH',
          ClientId: clientId(),
          AuthParameters: { USERNAME: 'demo', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'nope' },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('continues PASSWORD_SRP with a PASSWORD_VERIFIER challenge', async () => {
    const out = await suite.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: clientId(),
        AuthParameters: { USERNAME: 'demo', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: 'abc123' },
      }),
    );
    expect(out.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(Object.keys(out.ChallengeParameters ?? {}).sort()).toEqual([
      'SALT',
      'SECRET_BLOCK',
      'SRP_B',
      'USERNAME',
      'USER_ID_FOR_SRP',
    ]);
  });

  it('refuses a SELECT_CHALLENGE answer once its session has expired', async () => {
    const start = await suite.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: clientId(),
        AuthParameters: { USERNAME: 'demo' },
      }),
    );
    suite.cognito.emulator.state.clockOffsetMs = 4 * 60 * 1000;
    try {
      await expect(
        suite.client.send(
          new RespondToAuthChallengeCommand({
            ChallengeName: 'SELECT_CHALLENGE',
            ClientId: clientId(),
            Session: start.Session,
            ChallengeResponses: { USERNAME: 'demo', ANSWER: 'PASSWORD', PASSWORD: 'Passw0rd!' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    } finally {
      suite.cognito.emulator.state.clockOffsetMs = 0;
    }
  });
});
