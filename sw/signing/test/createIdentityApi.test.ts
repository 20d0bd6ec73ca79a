import { describe, expect, it } from 'vitest';
import { parseApiUrl, type SigningConfig } from '../../../shared/config.ts';
import { createIdentityApi } from '../createIdentityApi.ts';
import { IdentityError } from '../IdentityApi.ts';
import { DEFAULT_REFRESH_POLICY } from '../refreshPolicy.ts';
import { identityTransportSuite } from './identityTransportSuite.ts';

describe('createIdentityApi (fetch, the default transport)', () => {
  identityTransportSuite((config, timeoutMs) =>
    createIdentityApi(config, {
      policy: { ...DEFAULT_REFRESH_POLICY, identityTimeoutMs: timeoutMs },
    }),
  );
});

describe('createIdentityApi', () => {
  const config: SigningConfig = {
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_Example12',
    userPoolClientId: 'exampleclient0000000000001',
    identityPoolId: 'eu-west-1:0def4f54-71bd-42f5-b8d9-7e8811807670',
    apis: [parseApiUrl('https://abc123.execute-api.eu-west-1.amazonaws.com/dev', 'eu-west-1')],
    authFlow: 'USER_SRP_AUTH',
    guestAccess: false,
  };

  it("calls the region's Cognito Identity endpoint when none is configured, with only the two headers AWS JSON needs", async () => {
    const calls: Array<[string, RequestInit]> = [];
    const api = createIdentityApi(config, {
      fetch: async (url, init) => {
        calls.push([url, init]);
        return Response.json({ IdentityId: 'eu-west-1:1' });
      },
    });
    await api.getId({});
    expect(calls).toHaveLength(1);
    const [url, init] = calls[0]!;
    expect(url).toBe('https://cognito-identity.eu-west-1.amazonaws.com/');
    expect(init.method).toBe('POST');
    // Both are allowed by Cognito's CORS preflight; nothing else is sent (no SDK headers).
    expect(init.headers).toEqual({
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityService.GetId',
    });
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('reports a network failure as unavailable, retried once', async () => {
    let calls = 0;
    const api = createIdentityApi(config, {
      fetch: async () => {
        calls++;
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(api.getId({})).rejects.toMatchObject({
      name: 'IdentityError',
      reason: 'unavailable',
    });
    expect(calls).toBe(2);
  });

  it('keeps a token out of the message even if an answer quotes it', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    const api = createIdentityApi(config, {
      fetch: async () =>
        Response.json(
          { __type: 'NotAuthorizedException', message: `Invalid login token: ${token}` },
          { status: 400 },
        ),
    });
    const error = await api
      .getId({ 'cognito-idp.eu-west-1.amazonaws.com/x': token })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentityError);
    expect((error as IdentityError).message).not.toContain(token);
    expect((error as IdentityError).reason).toBe('token');
  });

  it('reads the error type from x-amzn-ErrorType before the body', async () => {
    const api = createIdentityApi(config, {
      fetch: async () =>
        new Response('{}', {
          status: 400,
          headers: {
            'x-amzn-ErrorType':
              'ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.cognito.identity/',
          },
        }),
    });
    await expect(api.getCredentials('eu-west-1:1', {})).rejects.toMatchObject({
      reason: 'identity',
    });
  });
});
