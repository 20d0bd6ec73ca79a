import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../emulator/test/startTestEmulator.ts';
import { parseApiUrl, type SigningConfig } from '../../../shared/config.ts';
import type * as Sdk from '@aws-sdk/client-cognito-identity';
import { createIdentityApi } from '../IdentityApi.ts';

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

const HOURS_2 = 2 * 3600_000;
/** The Date header has one-second resolution, and the call takes a moment. */
const DATE_SLACK_MS = 3_000;

describe('createIdentityApi', () => {
  let test: TestEmulator;
  let config: SigningConfig;

  beforeAll(async () => {
    test = await startTestEmulator();
    const { settings } = test.emulator.state;
    config = {
      region: settings.region,
      userPoolId: settings.userPoolId,
      userPoolClientId: settings.clientId,
      identityPoolId: settings.identityPoolId,
      apis: [parseApiUrl(test.emulator.apiUrl, settings.region)],
      cognitoIdentityEndpoint: test.emulator.cognitoUrl,
      authFlow: 'USER_SRP_AUTH',
      guestAccess: true,
    };
    test.emulator.state.settings.allowGuests = true;
    test.emulator.state.clockOffsetMs = HOURS_2;
  });

  afterAll(() => test.close());

  it('builds the SDK client at its first call, and only once', async () => {
    const before = built.count;
    const api = createIdentityApi(config);
    expect(built.count).toBe(before);
    const identityId = await api.getId({});
    await api.getCredentials(identityId, {});
    expect(built.count).toBe(before + 1);
  });

  it("reports AWS's time from the Date header of an answer", async () => {
    const api = createIdentityApi(config);
    const times: number[] = [];
    api.observeServerTime?.((time) => times.push(time));
    await api.getId({});
    expect(times).toHaveLength(1);
    expect(Math.abs(times[0]! - (Date.now() + HOURS_2))).toBeLessThan(DATE_SLACK_MS);
  });

  it("reports AWS's time from a refusal too", async () => {
    const api = createIdentityApi(config);
    const times: number[] = [];
    api.observeServerTime?.((time) => times.push(time));
    const logins = { [`cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`]: 'x.y.z' };
    await expect(api.getId(logins)).rejects.toMatchObject({ reason: 'token' });
    expect(times.length).toBeGreaterThan(0);
    expect(Math.abs(times[0]! - (Date.now() + HOURS_2))).toBeLessThan(DATE_SLACK_MS);
  });
});
