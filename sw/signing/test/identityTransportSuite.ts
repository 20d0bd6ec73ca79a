import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { parseApiUrl, type SigningConfig } from '../../../shared/config.ts';
import { IdentityError, loginsKey, type IdentityApi } from '../IdentityApi.ts';
import * as aws from './recordedCognito.ts';
import { startReplayServer, type ReplayServer } from './replayServer.ts';

/** Short enough for a fast test, long enough for a loopback answer on a busy two-core machine. */
const HANG_TIMEOUT_MS = 400;

const REGION = 'us-east-1';
const USER_POOL_ID = 'us-east-1_Example12';
/** A (made-up) ID token: it must reach Cognito, and never an error message. */
const ID_TOKEN =
  'eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
const LOGINS = { [loginsKey(REGION, USER_POOL_ID)]: ID_TOKEN };

/** Builds the transport under test; `timeoutMs` is its per-attempt timeout. */
export type MakeIdentityApi = (config: SigningConfig, timeoutMs: number) => IdentityApi;

/** The behaviour every `IdentityApi` transport owes the credential manager, against recorded AWS answers. */
export function identityTransportSuite(make: MakeIdentityApi): void {
  let server: ReplayServer;
  let config: SigningConfig;
  let api: IdentityApi;
  let times: number[];

  beforeAll(async () => {
    server = await startReplayServer();
    config = {
      region: REGION,
      userPoolId: USER_POOL_ID,
      userPoolClientId: 'exampleclient0000000000001',
      identityPoolId: 'us-east-1:0def4f54-71bd-42f5-b8d9-7e8811807670',
      apis: [parseApiUrl('https://abc123.execute-api.us-east-1.amazonaws.com/dev', REGION)],
      cognitoIdentityEndpoint: server.url,
      authFlow: 'USER_SRP_AUTH',
      guestAccess: false,
    };
  });
  afterAll(() => server.close());
  beforeEach(() => {
    api = make(config, HANG_TIMEOUT_MS);
    times = [];
    api.observeServerTime?.((time) => times.push(time));
  });

  const bodies = () => server.seen.map((request) => JSON.parse(request.body) as unknown);
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail('expected the call to fail'),
      (error: unknown) => {
        expect(error).toBeInstanceOf(IdentityError);
        return error as IdentityError;
      },
    );

  it('asks GetId for the identity of the logins, as an AWS JSON 1.1 POST', async () => {
    server.replay(aws.GET_ID_OK);
    await expect(api.getId(LOGINS)).resolves.toBe(aws.IDENTITY_ID);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]?.target).toBe('AWSCognitoIdentityService.GetId');
    expect(server.seen[0]?.contentType).toMatch(/^application\/x-amz-json-1\.1/);
    expect(bodies()).toEqual([{ IdentityPoolId: config.identityPoolId, Logins: LOGINS }]);
  });

  it('returns the credentials GetCredentialsForIdentity issues, expiring in epoch milliseconds', async () => {
    server.replay(aws.GET_CREDENTIALS_OK);
    await expect(api.getCredentials(aws.IDENTITY_ID, LOGINS)).resolves.toEqual({
      accessKeyId: aws.ACCESS_KEY_ID,
      secretAccessKey: aws.SECRET_KEY,
      sessionToken: aws.SESSION_TOKEN,
      expiration: aws.EXPIRATION_SECONDS * 1000,
    });
    expect(server.seen[0]?.target).toBe('AWSCognitoIdentityService.GetCredentialsForIdentity');
    expect(bodies()).toEqual([{ IdentityId: aws.IDENTITY_ID, Logins: LOGINS }]);
  });

  it('asks for a guest identity with empty logins', async () => {
    server.replay(aws.GET_ID_OK);
    await expect(api.getId({})).resolves.toBe(aws.IDENTITY_ID);
    expect(bodies()).toEqual([{ IdentityPoolId: config.identityPoolId, Logins: {} }]);
  });

  it.each([
    ['an expired token', aws.TOKEN_EXPIRED],
    ['a token of another provider', aws.UNSUPPORTED_PROVIDER],
    ['a namespaced type named only in the body', aws.NAMESPACED_NOT_AUTHORIZED],
  ])('reports a refused login (%s) as a token problem, without a retry', async (_, answer) => {
    server.replay(answer);
    const error = await failure(api.getCredentials(aws.IDENTITY_ID, LOGINS));
    expect(error).toMatchObject({ reason: 'token', code: 'cognito-rejected' });
    expect(error.message).toContain('NotAuthorizedException');
    expect(error.message).not.toContain(ID_TOKEN);
    expect(server.seen).toHaveLength(1);
  });

  it('reports an unknown identity as an identity problem, without a retry', async () => {
    server.replay(aws.IDENTITY_NOT_FOUND);
    const error = await failure(api.getCredentials(aws.IDENTITY_ID, LOGINS));
    expect(error).toMatchObject({ reason: 'identity', code: 'cognito-rejected' });
    expect(server.seen).toHaveLength(1);
  });

  it('reports ResourceNotFound from GetId (an unknown pool) as rejected', async () => {
    server.replay(aws.IDENTITY_NOT_FOUND);
    const error = await failure(api.getId(LOGINS));
    expect(error).toMatchObject({ reason: 'rejected', code: 'cognito-rejected' });
    expect(server.seen).toHaveLength(1);
  });

  it.each([
    ['throttling', aws.THROTTLED],
    ['a limit exceeded', aws.LIMIT_EXCEEDED],
    ['an internal error (500)', aws.INTERNAL_ERROR],
    ['a 503 that is not JSON', aws.HTML_503],
  ])('reports %s as unavailable after exactly one retry', async (_, answer) => {
    server.replay(answer, answer);
    const error = await failure(api.getCredentials(aws.IDENTITY_ID, LOGINS));
    expect(error).toMatchObject({ reason: 'unavailable', code: 'cognito-unavailable' });
    expect(server.seen).toHaveLength(2);
  });

  it('succeeds when the retry after throttling is answered', async () => {
    server.replay(aws.THROTTLED, aws.GET_ID_OK);
    await expect(api.getId(LOGINS)).resolves.toBe(aws.IDENTITY_ID);
    expect(server.seen).toHaveLength(2);
  });

  it('gives up on a hanging Cognito after its timeout, retried once', async () => {
    server.replay(aws.HANG, aws.HANG);
    const started = performance.now();
    const error = await failure(api.getCredentials(aws.IDENTITY_ID, LOGINS));
    expect(error).toMatchObject({ reason: 'unavailable', code: 'cognito-unavailable' });
    expect(server.seen).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * HANG_TIMEOUT_MS - 50);
  });

  it('reports a 200 whose body is not JSON as unavailable', async () => {
    server.replay(aws.CUT_OFF_JSON);
    const error = await failure(api.getId(LOGINS));
    expect(error).toMatchObject({ reason: 'unavailable', code: 'cognito-unavailable' });
  });

  it('reports a 200 without the expected field as unavailable', async () => {
    server.replay({ ...aws.GET_ID_OK, body: '{}' });
    const error = await failure(api.getId(LOGINS));
    expect(error).toMatchObject({ reason: 'unavailable', code: 'cognito-unavailable' });
  });

  it('reports credentials without an expiration as unavailable', async () => {
    const body = aws.GET_CREDENTIALS_OK.body.replace('"Expiration":1.50211609525E9,', '');
    server.replay({ ...aws.GET_CREDENTIALS_OK, body });
    const error = await failure(api.getCredentials(aws.IDENTITY_ID, LOGINS));
    expect(error).toMatchObject({ reason: 'unavailable', code: 'cognito-unavailable' });
  });

  it("reports AWS's time from the Date header of an answer", async () => {
    server.replay(aws.GET_ID_OK);
    await api.getId(LOGINS);
    expect(times).toEqual([Date.parse(aws.AWS_DATE)]);
  });

  it("reports AWS's time from a refusal too", async () => {
    server.replay(aws.TOKEN_EXPIRED);
    await failure(api.getId(LOGINS));
    expect(times).toEqual([Date.parse(aws.AWS_DATE)]);
  });

  it("reports AWS's time from every attempt of a retried call", async () => {
    server.replay(aws.INTERNAL_ERROR, aws.HTML_503);
    await failure(api.getId(LOGINS));
    expect(times).toEqual([Date.parse(aws.AWS_DATE), Date.parse(aws.AWS_DATE)]);
  });
}
