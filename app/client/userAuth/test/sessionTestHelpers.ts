import type { RunningEmulator } from '../../../../emulator/index.ts';
import type { RefreshConfig } from '../refreshTokens.ts';

export { control } from '../../../../emulator/cognito/test/cognitoTestHelpers.ts';

/** The refresh settings of an app client of the emulator (its default one unless told). */
export function refreshConfig(
  emulator: RunningEmulator,
  clientId = emulator.state.settings.clientId,
): RefreshConfig {
  const { region } = emulator.state.settings;
  return { region, userPoolClientId: clientId, cognitoIdpEndpoint: emulator.cognitoUrl };
}

/** The tokens of a fresh sign-in of the demo user, by USER_PASSWORD_AUTH over the wire. */
export async function signInDemo(
  emulator: RunningEmulator,
  clientId = emulator.state.settings.clientId,
): Promise<{
  idToken: string;
  accessToken: string;
  refreshToken: string;
}> {
  const { demoUser, demoPassword } = emulator.state.settings;
  const response = await fetch(`${emulator.cognitoUrl}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: demoUser, PASSWORD: demoPassword },
    }),
  });
  const out = (await response.json()) as {
    AuthenticationResult: { IdToken: string; AccessToken: string; RefreshToken: string };
  };
  if (!response.ok) throw new Error(`Sign-in failed: ${JSON.stringify(out)}`);
  const { IdToken, AccessToken, RefreshToken } = out.AuthenticationResult;
  return { idToken: IdToken, accessToken: AccessToken, refreshToken: RefreshToken };
}

/** A request as a fetch wrapper saw it: the User Pool operation and its JSON body. */
export interface SentCall {
  operation: string;
  body: Record<string, unknown>;
}

/** A fetch that records every User Pool call before passing it on to the real one. */
export function recordingFetch(calls: SentCall[]) {
  return (input: string, init: RequestInit): Promise<Response> => {
    const target = new Headers(init.headers).get('X-Amz-Target') ?? '';
    calls.push({
      operation: target.split('.').pop() ?? '',
      body: JSON.parse(String(init.body)) as Record<string, unknown>,
    });
    return fetch(input, init);
  };
}

/**
 * A fetch standing for a User Pool endpoint from before GetTokensFromRefreshToken existed: it
 * answers that operation as AWS's JSON services answer an unknown target, and passes the rest on.
 */
export function withoutGetTokensFromRefreshToken(
  send: (input: string, init: RequestInit) => Promise<Response>,
) {
  return (input: string, init: RequestInit): Promise<Response> => {
    const target = new Headers(init.headers).get('X-Amz-Target') ?? '';
    if (target.endsWith('.GetTokensFromRefreshToken')) {
      const body = { __type: 'UnknownOperationException', message: 'Unknown operation' };
      return Promise.resolve(
        new Response(JSON.stringify(body), {
          status: 400,
          headers: {
            'Content-Type': 'application/x-amz-json-1.1',
            'x-amzn-ErrorType': 'UnknownOperationException:',
          },
        }),
      );
    }
    return send(input, init);
  };
}
