import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity';
import { AwsClient } from 'aws4fetch';
import type { EmulatorControl } from '../support/EmulatorControl.ts';
import type { Stack } from '../support/startStack.ts';

/** A note as the API stores it. */
export interface ServerNote {
  id: string;
  title: string;
  content: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * What the server holds for a user, read the way any other client would: User Pool login, Identity
 * Pool credentials (AWS SDK), and a SigV4-signed GET with aws4fetch — independent of the app.
 */
export async function serverNotes(
  stack: Stack,
  control: EmulatorControl,
  user: { username: string; password: string },
): Promise<ServerNote[]> {
  const { region, userPoolId, identityPoolId } = stack.emulator.state.settings;
  const { idToken } = await control.tokens(user.username, user.password);
  const logins = { [`cognito-idp.${region}.amazonaws.com/${userPoolId}`]: idToken };
  const cognito = new CognitoIdentityClient({
    region,
    endpoint: stack.emulator.cognitoUrl,
    // GetId and GetCredentialsForIdentity are unsigned calls; no AWS credentials are involved.
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  });
  const { IdentityId } = await cognito.send(
    new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: logins }),
  );
  const { Credentials } = await cognito.send(
    new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }),
  );
  cognito.destroy();
  const aws = new AwsClient({
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretKey!,
    sessionToken: Credentials!.SessionToken!,
    service: 'execute-api',
    region,
  });
  const response = await aws.fetch(`${stack.emulator.apiUrl}/notes`);
  if (!response.ok) throw new Error(`GET /notes answered ${response.status}`);
  return (await response.json()) as ServerNote[];
}
