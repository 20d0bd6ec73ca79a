import { AwsClient } from 'aws4fetch';
import type { IssuedCredentials } from '../../EmulatorState.ts';
import type { RunningEmulator } from '../../index.ts';
import { randomHex } from '../../settings.ts';

/** Puts temporary credentials straight into the state, as the Identity Pool would issue them. */
export function issueCredentials(
  emulator: RunningEmulator,
  overrides: Partial<IssuedCredentials> = {},
): IssuedCredentials {
  const credentials: IssuedCredentials = {
    accessKeyId: `ASIA${randomHex(8).toUpperCase()}`,
    secretAccessKey: randomHex(20),
    sessionToken: randomHex(32),
    identityId: `us-east-1:${crypto.randomUUID()}`,
    expiresAt: emulator.state.now() + 3600_000,
    revoked: false,
    ...overrides,
  };
  emulator.state.credentials.set(credentials.accessKeyId, credentials);
  return credentials;
}

/** An aws4fetch client for the credentials, signing for `execute-api` in us-east-1. */
export function clientFor(credentials: IssuedCredentials, region = 'us-east-1'): AwsClient {
  return new AwsClient({
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    service: 'execute-api',
    region,
    retries: 0,
  });
}

/** API Gateway's error answer: status, `x-amzn-ErrorType` and the message. */
export async function errorOf(
  response: Response,
): Promise<{ status: number; type: string | null; message: string }> {
  const body = (await response.json()) as { message: string };
  return {
    status: response.status,
    type: response.headers.get('x-amzn-ErrorType'),
    message: body.message,
  };
}
