import {
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import type { MailMessage } from '../Mailbox.ts';
import { control, useUserPoolEmulator } from './cognitoTestHelpers.ts';

const suite = useUserPoolEmulator();

const ClientId = () => suite.cognito.emulator.state.settings.clientId;

async function codes(username: string): Promise<string[]> {
  const { body } = await control(suite.cognito.emulator, `mailbox?username=${username}`);
  return (body.messages as MailMessage[]).map((m) => m.code);
}

describe('ResendConfirmationCode', () => {
  it('mails a new sign-up code that confirms, and the old one no longer does', async () => {
    const Username = 'resender';
    await suite.client.send(
      new SignUpCommand({
        ClientId: ClientId(),
        Username,
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'resender@example.com' }],
      }),
    );
    const out = await suite.client.send(
      new ResendConfirmationCodeCommand({ ClientId: ClientId(), Username }),
    );
    expect(out.CodeDeliveryDetails).toEqual({
      Destination: 'r***@e***.com',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    const [first, second] = await codes(Username);
    if (first !== second) {
      await expect(
        suite.client.send(
          new ConfirmSignUpCommand({ ClientId: ClientId(), Username, ConfirmationCode: first }),
        ),
      ).rejects.toMatchObject({ name: 'CodeMismatchException' });
    }
    await suite.client.send(
      new ConfirmSignUpCommand({ ClientId: ClientId(), Username, ConfirmationCode: second }),
    );
    await expect(
      suite.client.send(new ResendConfirmationCodeCommand({ ClientId: ClientId(), Username })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'User is already confirmed.',
    });
  });

  it('answers UserNotFoundException for an unknown user', async () => {
    await expect(
      suite.client.send(
        new ResendConfirmationCodeCommand({ ClientId: ClientId(), Username: 'nobody' }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });
});
