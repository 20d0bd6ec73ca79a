import { describe, expect, it, vi } from 'vitest';
import type * as Sdk from '@aws-sdk/client-cognito-identity';
import { identityTransportSuite } from '../../signing/test/identityTransportSuite.ts';
import { awsSdkIdentity } from '../awsSdkIdentity.ts';
import { DEFAULT_REFRESH_POLICY } from '../../signing/refreshPolicy.ts';
import { parseApiUrl } from '../../../shared/config.ts';

/** SDK clients built so far: the real class, counted (it is what a cold worker start avoids). */
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('@aws-sdk/client-cognito-identity', async (importOriginal) => {
  const sdk = await importOriginal<typeof Sdk>();
  class CountedClient extends sdk.CognitoIdentityClient {
    constructor(...args: ConstructorParameters<typeof sdk.CognitoIdentityClient>) {
      super(...args);
      built.count++;
    }
  }
  return { ...sdk, CognitoIdentityClient: CountedClient };
});

describe('awsSdkIdentity (@aws-sdk/client-cognito-identity)', () => {
  identityTransportSuite((config, timeoutMs) =>
    awsSdkIdentity(config, { policy: { ...DEFAULT_REFRESH_POLICY, identityTimeoutMs: timeoutMs } }),
  );

  it('builds the SDK client at its first call, and only once', async () => {
    const before = built.count;
    const api = awsSdkIdentity({
      region: 'us-east-1',
      userPoolId: 'us-east-1_Example12',
      userPoolClientId: 'exampleclient0000000000001',
      identityPoolId: 'us-east-1:0def4f54-71bd-42f5-b8d9-7e8811807670',
      apis: [parseApiUrl('https://abc123.execute-api.us-east-1.amazonaws.com/dev', 'us-east-1')],
      // Nothing listens there: the call fails, but only after the client was built.
      cognitoIdentityEndpoint: 'http://127.0.0.1:9',
      authFlow: 'USER_SRP_AUTH',
      guestAccess: false,
    });
    expect(built.count).toBe(before);
    await expect(api.getId({})).rejects.toMatchObject({ reason: 'unavailable' });
    await expect(api.getId({})).rejects.toMatchObject({ reason: 'unavailable' });
    expect(built.count).toBe(before + 1);
  });
});
