import {
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';
import type { MailMessage } from '../Mailbox.ts';
import { control, userPoolClientFor } from './cognitoTestHelpers.ts';

let cognito: TestEmulator;
let client: CognitoIdentityProviderClient;
beforeAll(async () => {
  cognito = await startTestEmulator();
  client = userPoolClientFor(cognito.emulator);
});
afterAll(async () => {
  client.destroy();
  await cognito.close();
});

const ClientId = () => cognito.emulator.state.settings.clientId;

async function codes(username: string): Promise<string[]> {
  const { body } = await control(cognito.emulator, `mailbox?username=${username}`);
  return (body.messages as MailMessage[]).map((m) => m.code);
}

describe('ResendConfirmationCode', () => {
  it('mails a new sign-up code that confirms, and the old one no longer does', async () => {
    const Username = 'resender';
    await client.send(
      new SignUpCommand({
        ClientId: ClientId(),
        Username,
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'resender@example.com' }],
      }),
    );
    const out = await client.send(
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
        client.send(
          new ConfirmSignUpCommand({ ClientId: ClientId(), Username, ConfirmationCode: first }),
        ),
      ).rejects.toMatchObject({ name: 'CodeMismatchException' });
    }
    await client.send(
      new ConfirmSignUpCommand({ ClientId: ClientId(), Username, ConfirmationCode: second }),
    );
    await expect(
      client.send(new ResendConfirmationCodeCommand({ ClientId: ClientId(), Username })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'User is already confirmed.',
    });
  });

  it('answers UserNotFoundException for an unknown user', async () => {
    await expect(
      client.send(new ResendConfirmationCodeCommand({ ClientId: ClientId(), Username: 'nobody' })),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });
});
