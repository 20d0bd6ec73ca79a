import {
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { decodeJwt } from '../jwt.ts';
import type { MailMessage } from '../Mailbox.ts';
import { control, useUserPoolEmulator } from './cognitoTestHelpers.ts';

const suite = useUserPoolEmulator({ resetAfterEach: true });

const clientId = () => suite.cognito.emulator.state.settings.clientId;

function startOtp(username = 'demo', ClientId = clientId()) {
  return suite.client.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_AUTH',
      ClientId,
      AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'EMAIL_OTP' },
    }),
  );
}

function answer(
  session: string | undefined,
  code: string,
  username = 'demo',
  ClientId = clientId(),
) {
  return suite.client.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: 'EMAIL_OTP',
      ClientId,
      Session: session,
      ChallengeResponses: { USERNAME: username, EMAIL_OTP_CODE: code },
    }),
  );
}

async function mailbox(username: string): Promise<MailMessage[]> {
  const { status, body } = await control(
    suite.cognito.emulator,
    `mailbox?username=${encodeURIComponent(username)}`,
  );
  expect(status).toBe(200);
  return body.messages as MailMessage[];
}

async function latestCode(username = 'demo'): Promise<string> {
  const last = (await mailbox(username)).at(-1);
  if (!last) throw new Error(`No mail for ${username}`);
  return last.code;
}

/** A wrong code of the right shape: the real one with its last digit changed. */
function wrong(code: string): string {
  return code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
}

describe('EMAIL_OTP sign-in (USER_AUTH)', () => {
  it('offers EMAIL_OTP to a user with an e-mail address', async () => {
    const out = await suite.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: clientId(),
        AuthParameters: { USERNAME: 'demo' },
      }),
    );
    expect(out.AvailableChallenges).toContain('EMAIL_OTP');
  });

  it('does not offer EMAIL_OTP to a user without an e-mail address', async () => {
    await suite.client.send(
      new SignUpCommand({ ClientId: clientId(), Username: 'no-mail', Password: 'Passw0rd!' }),
    );
    const out = await suite.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: clientId(),
        AuthParameters: { USERNAME: 'no-mail', PREFERRED_CHALLENGE: 'EMAIL_OTP' },
      }),
    );
    expect(out.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(out.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
  });

  it('sends an 8-digit code to the mailbox and signs in with it (PREFERRED_CHALLENGE)', async () => {
    const start = await startOtp();
    expect(start.ChallengeName).toBe('EMAIL_OTP');
    expect(start.ChallengeParameters).toEqual({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
      CODE_DELIVERY_DESTINATION: 'd***@e***.com',
    });
    expect(start.Session).toEqual(expect.any(String));
    const [message] = await mailbox('demo');
    expect(message).toMatchObject({ to: 'demo@example.com', purpose: 'EMAIL_OTP' });
    expect(message?.code).toMatch(/^\d{8}$/);

    const out = await answer(start.Session, message?.code ?? '');
    const accessToken = out.AuthenticationResult?.AccessToken;
    expect(out.AuthenticationResult?.RefreshToken).toEqual(expect.any(String));
    const user = await suite.client.send(new GetUserCommand({ AccessToken: accessToken }));
    expect(user.Username).toBe('demo');
  });

  it('sends a code when SELECT_CHALLENGE is answered with EMAIL_OTP, each call counted', async () => {
    const select = await suite.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: clientId(),
        AuthParameters: { USERNAME: 'demo' },
      }),
    );
    const otp = await suite.client.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: 'SELECT_CHALLENGE',
        ClientId: clientId(),
        Session: select.Session,
        ChallengeResponses: { USERNAME: 'demo', ANSWER: 'EMAIL_OTP' },
      }),
    );
    expect(otp.ChallengeName).toBe('EMAIL_OTP');
    expect(otp.Session).not.toBe(select.Session);
    const out = await answer(otp.Session, await latestCode());
    expect(out.AuthenticationResult?.IdToken).toEqual(expect.any(String));
    const { body } = await control(suite.cognito.emulator, 'counts');
    expect(body.counts).toMatchObject({ InitiateAuth: 1, RespondToAuthChallenge: 2 });
  });

  it('refuses a wrong code with CodeMismatchException and still takes the right one', async () => {
    const start = await startOtp();
    const code = await latestCode();
    await expect(answer(start.Session, wrong(code))).rejects.toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid code or auth state for the user.',
    });
    const out = await answer(start.Session, code);
    expect(out.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('spends the session after three wrong codes', async () => {
    const start = await startOtp();
    const code = await latestCode();
    for (let i = 0; i < 3; i += 1) {
      await expect(answer(start.Session, wrong(code))).rejects.toMatchObject({
        name: 'CodeMismatchException',
      });
    }
    await expect(answer(start.Session, code)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
  });

  it('takes a code only once', async () => {
    const start = await startOtp();
    const code = await latestCode();
    await answer(start.Session, code);
    await expect(answer(start.Session, code)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('refuses a code once its session has expired', async () => {
    const start = await startOtp();
    const code = await latestCode();
    suite.cognito.emulator.state.clockOffsetMs = 181 * 1000;
    await expect(answer(start.Session, code)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });

  it('refuses an expired code with ExpiredCodeException when codes live shorter than the session', async () => {
    await control(suite.cognito.emulator, 'settings', { emailOtpTtlSeconds: 60 });
    const start = await startOtp();
    const code = await latestCode();
    suite.cognito.emulator.state.clockOffsetMs = 61 * 1000;
    await expect(answer(start.Session, code)).rejects.toMatchObject({
      name: 'ExpiredCodeException',
    });
  });

  it('resends with a new InitiateAuth: a new code and Session, each code bound to its own Session', async () => {
    const first = await startOtp();
    const firstCode = await latestCode();
    const second = await startOtp();
    const secondCode = await latestCode();
    expect((await mailbox('demo')).slice(-2).map((m) => m.code)).toEqual([firstCode, secondCode]);
    expect(second.Session).not.toBe(first.Session);
    if (firstCode !== secondCode) {
      await expect(answer(second.Session, firstCode)).rejects.toMatchObject({
        name: 'CodeMismatchException',
      });
    }
    const out = await answer(second.Session, secondCode);
    expect(out.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('signs in at the app client it started at, and only there', async () => {
    const rotating = suite.cognito.emulator.state.settings.rotatingClientId;
    const start = await startOtp('demo', rotating);
    const code = await latestCode();
    await expect(answer(start.Session, code)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    const again = await startOtp('demo', rotating);
    const out = await answer(again.Session, await latestCode(), 'demo', rotating);
    expect(decodeJwt(out.AuthenticationResult?.IdToken ?? '')?.claims.aud).toBe(rotating);
  });

  it('answers an unknown user like a known one, and no code matches', async () => {
    const start = await startOtp('nobody@example.org');
    expect(start.ChallengeName).toBe('EMAIL_OTP');
    expect(start.ChallengeParameters?.CODE_DELIVERY_DESTINATION).toBe('n***@e***.org');
    expect(await mailbox('nobody@example.org')).toEqual([]);
    await expect(answer(start.Session, '12345678', 'nobody@example.org')).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
  });

  it('puts sign-up confirmation codes in the same mailbox, and keeps confirmation-code', async () => {
    await suite.client.send(
      new SignUpCommand({
        ClientId: clientId(),
        Username: 'mailer',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'mailer@example.com' }],
      }),
    );
    const [message] = await mailbox('MAILER');
    expect(message).toMatchObject({ to: 'mailer@example.com', purpose: 'SIGN_UP' });
    const { body } = await control(suite.cognito.emulator, 'confirmation-code?username=mailer');
    expect(body.code).toBe(message?.code);
  });

  it('never lets a page read the mailbox: no control header, no answer', async () => {
    const url = `${suite.cognito.emulator.cognitoUrl}/__emulator/mailbox?username=demo`;
    const plain = await fetch(url);
    expect(plain.status).toBe(403);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(url, { method: 'OPTIONS' });
    expect(preflight.status).toBe(403);
  });
});
