import { createPublicKey, createVerify, type JsonWebKey } from 'node:crypto';
import { CognitoUserAttribute, type CognitoUser } from 'amazon-cognito-identity-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awsPost,
  cognitoUser,
  control,
  refresh,
  signIn,
  userPoolFor,
} from './cognitoTestHelpers.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';

const IDP = 'AWSCognitoIdentityProviderService';

let cognito: TestEmulator;
beforeAll(async () => {
  cognito = await startTestEmulator();
});
afterAll(async () => {
  await cognito.close();
});

function signUp(username: string, password: string, email = `${username}@example.com`) {
  return new Promise<{ userSub: string; userConfirmed: boolean }>((resolve, reject) => {
    userPoolFor(cognito.emulator).signUp(
      username,
      password,
      [new CognitoUserAttribute({ Name: 'email', Value: email })],
      [],
      (error, result) =>
        error || !result ? reject(error ?? new Error('no result')) : resolve(result),
    );
  });
}

// The library retries a failed refreshSession with backoff for ~6 s; refusals are checked on the wire.
function refreshOnWire(refreshToken: string) {
  return awsPost(cognito.emulator, `${IDP}.InitiateAuth`, {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: cognito.emulator.state.settings.clientId,
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
}

function confirm(user: CognitoUser, code: string) {
  return new Promise<unknown>((resolve, reject) => {
    user.confirmRegistration(code, false, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function getAttributes(user: CognitoUser) {
  return new Promise<Record<string, string>>((resolve, reject) => {
    user.getUserAttributes((error, attributes) =>
      error || !attributes
        ? reject(error ?? new Error('no attributes'))
        : resolve(Object.fromEntries(attributes.map((a) => [a.getName(), a.getValue()]))),
    );
  });
}

function globalSignOut(user: CognitoUser) {
  return new Promise<void>((resolve, reject) => {
    user.globalSignOut({ onSuccess: () => resolve(), onFailure: reject });
  });
}

describe('SRP sign-in (USER_SRP_AUTH + PASSWORD_VERIFIER)', () => {
  it('signs the demo user in with the right password and issues tokens with Cognito claims', async () => {
    const { settings } = cognito.emulator.state;
    const session = await signIn(cognitoUser(cognito.emulator, 'demo'), 'Passw0rd!');
    expect(session.isValid()).toBe(true);
    const id = session.getIdToken().decodePayload();
    const access = session.getAccessToken().decodePayload();
    const iss = `https://cognito-idp.${settings.region}.amazonaws.com/${settings.userPoolId}`;
    expect(id).toMatchObject({
      aud: settings.clientId,
      token_use: 'id',
      iss,
      'cognito:username': 'demo',
      email: settings.demoEmail,
      email_verified: true,
    });
    expect(access).toMatchObject({
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      client_id: settings.clientId,
      username: 'demo',
      iss,
      sub: id.sub,
      origin_jti: id.origin_jti,
      event_id: id.event_id,
    });
    expect(id.exp - id.iat).toBe(settings.tokenTtlSeconds);
    expect(Math.abs(id.iat * 1000 - Date.now())).toBeLessThan(5000);
    expect(id.jti).not.toBe(access.jti);
    expect(session.getRefreshToken().getToken().length).toBeGreaterThan(50);
  });

  it('rejects a wrong password with NotAuthorizedException', async () => {
    await expect(signIn(cognitoUser(cognito.emulator, 'demo'), 'Passw0rd?')).rejects.toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    await expect(
      signIn(cognitoUser(cognito.emulator, 'nobody'), 'Passw0rd!'),
    ).rejects.toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('accepts the username in another letter case, as case-insensitive pools do', async () => {
    const session = await signIn(cognitoUser(cognito.emulator, 'DEMO'), 'Passw0rd!');
    expect(session.getIdToken().decodePayload()['cognito:username']).toBe('demo');
  });

  it('hands out a PASSWORD_VERIFIER challenge with every parameter real Cognito sends', async () => {
    const { settings } = cognito.emulator.state;
    const { status, body } = await awsPost(cognito.emulator, `${IDP}.InitiateAuth`, {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: settings.clientId,
      AuthParameters: { USERNAME: 'demo', SRP_A: 'abc123' },
    });
    expect(status).toBe(200);
    expect(body.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(Object.keys(body.ChallengeParameters as object).sort()).toEqual([
      'SALT',
      'SECRET_BLOCK',
      'SRP_B',
      'USERNAME',
      'USER_ID_FOR_SRP',
    ]);
  });

  it('refuses a password claim whose TIMESTAMP is not in Cognito’s date format', async () => {
    const { settings } = cognito.emulator.state;
    const start = await awsPost(cognito.emulator, `${IDP}.InitiateAuth`, {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: settings.clientId,
      AuthParameters: { USERNAME: 'demo', SRP_A: 'abc123' },
    });
    const parameters = start.body.ChallengeParameters as Record<string, string>;
    const { status, body } = await awsPost(cognito.emulator, `${IDP}.RespondToAuthChallenge`, {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: settings.clientId,
      ChallengeResponses: {
        USERNAME: 'demo',
        PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: 'AAAA',
        TIMESTAMP: '2026-11-26T02:45:04Z',
      },
    });
    expect(status).toBe(400);
    expect(body.__type).toBe('InvalidParameterException');
  });

  it('rejects an unknown app client with ResourceNotFoundException', async () => {
    const { body } = await awsPost(cognito.emulator, `${IDP}.InitiateAuth`, {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: 'otherclient',
      AuthParameters: { USERNAME: 'demo', SRP_A: 'abc123' },
    });
    expect(body).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'User pool client otherclient does not exist.',
    });
  });
});

describe('USER_PASSWORD_AUTH', () => {
  it('signs in with the password sent as is', async () => {
    const user = cognitoUser(cognito.emulator, 'demo');
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    const session = await signIn(user, 'Passw0rd!');
    expect(session.getIdToken().decodePayload()['cognito:username']).toBe('demo');
  });

  it('rejects a wrong password', async () => {
    const user = cognitoUser(cognito.emulator, 'demo');
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    await expect(signIn(user, 'nope')).rejects.toMatchObject({ code: 'NotAuthorizedException' });
  });

  it('refuses flows it does not support with Cognito’s text', async () => {
    const { body } = await awsPost(cognito.emulator, `${IDP}.InitiateAuth`, {
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      ClientId: cognito.emulator.state.settings.clientId,
      AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' },
    });
    expect(body).toEqual({
      __type: 'InvalidParameterException',
      message: 'Initiate Auth method not supported.',
    });
  });

  it('reports a missing AuthParameters entry', async () => {
    const { body } = await awsPost(cognito.emulator, `${IDP}.InitiateAuth`, {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: cognito.emulator.state.settings.clientId,
      AuthParameters: { USERNAME: 'demo' },
    });
    expect(body).toEqual({
      __type: 'InvalidParameterException',
      message: 'Missing required parameter PASSWORD',
    });
  });
});

describe('refresh tokens', () => {
  it('refreshes a session into new ID and access tokens of the same sign-in', async () => {
    const user = cognitoUser(cognito.emulator, 'demo');
    const first = await signIn(user, 'Passw0rd!');
    const second = await refresh(user, first.getRefreshToken());
    const before = first.getIdToken().decodePayload();
    const after = second.getIdToken().decodePayload();
    expect(after.jti).not.toBe(before.jti);
    expect(after.origin_jti).toBe(before.origin_jti);
    expect(after.auth_time).toBe(before.auth_time);
    expect(second.getRefreshToken().getToken()).toBe(first.getRefreshToken().getToken());
  });

  it('returns no new refresh token from REFRESH_TOKEN_AUTH, as Cognito', async () => {
    const session = await signIn(cognitoUser(cognito.emulator, 'demo'), 'Passw0rd!');
    const { body } = await awsPost(cognito.emulator, `${IDP}.InitiateAuth`, {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: cognito.emulator.state.settings.clientId,
      AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken() },
    });
    const result = body.AuthenticationResult as Record<string, unknown>;
    expect(result.IdToken).toEqual(expect.any(String));
    expect(result.AccessToken).toEqual(expect.any(String));
    expect(result.RefreshToken).toBeUndefined();
  });

  it('rejects an unknown refresh token', async () => {
    const { body } = await awsPost(cognito.emulator, `${IDP}.InitiateAuth`, {
      AuthFlow: 'REFRESH_TOKEN',
      ClientId: cognito.emulator.state.settings.clientId,
      AuthParameters: { REFRESH_TOKEN: 'not-a-token' },
    });
    expect(body).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Refresh Token.' });
  });

  it('rejects a refresh token past its lifetime, read at issue time from the settings control', async () => {
    await control(cognito.emulator, 'settings', { refreshTokenTtlSeconds: 60 });
    const session = await signIn(cognitoUser(cognito.emulator, 'demo'), 'Passw0rd!');
    await control(cognito.emulator, 'clock', { offsetSeconds: 120 });
    try {
      const { body } = await refreshOnWire(session.getRefreshToken().getToken());
      expect(body).toEqual({
        __type: 'NotAuthorizedException',
        message: 'Refresh Token has expired',
      });
    } finally {
      await control(cognito.emulator, 'reset', {});
    }
  });
});

describe('sign-up, confirmation, GetUser and GlobalSignOut', () => {
  it('signs up, confirms with the code from the controls, and signs in', async () => {
    const result = await signUp('alice', 'Str0ng!pass');
    expect(result.userConfirmed).toBe(false);
    expect(result.userSub).toMatch(/^[0-9a-f-]{36}$/);

    const user = cognitoUser(cognito.emulator, 'alice');
    await expect(signIn(user, 'Str0ng!pass')).rejects.toMatchObject({
      code: 'UserNotConfirmedException',
      message: 'User is not confirmed.',
    });
    await expect(confirm(user, '000000x')).rejects.toMatchObject({ code: 'CodeMismatchException' });
    const { body } = await control(cognito.emulator, 'confirmation-code?username=alice');
    expect(body.code).toMatch(/^\d{6}$/);
    await confirm(user, body.code as string);

    const session = await signIn(user, 'Str0ng!pass');
    expect(session.getIdToken().decodePayload()).toMatchObject({
      sub: result.userSub,
      email: 'alice@example.com',
      email_verified: true,
    });
  });

  it('says where the code went, masked, in CodeDeliveryDetails', async () => {
    const { body } = await awsPost(cognito.emulator, `${IDP}.SignUp`, {
      ClientId: cognito.emulator.state.settings.clientId,
      Username: 'bob',
      Password: 'Str0ng!pass',
      UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
    });
    expect(body).toMatchObject({
      UserConfirmed: false,
      CodeDeliveryDetails: {
        Destination: 'b***@e***.com',
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      },
    });
  });

  it('refuses a username that exists', async () => {
    await expect(signUp('demo', 'Str0ng!pass')).rejects.toMatchObject({
      code: 'UsernameExistsException',
      message: 'User already exists',
    });
  });

  it.each([
    ['Sh0rt!', 'Password not long enough'],
    ['NOLOWER1!', 'Password must have lowercase characters'],
    ['noupper1!', 'Password must have uppercase characters'],
    ['NoNumber!', 'Password must have numeric characters'],
    ['NoSymbol1', 'Password must have symbol characters'],
  ])('refuses the password %s: %s', async (password, reason) => {
    await expect(signUp(`weak${password.length}`, password)).rejects.toMatchObject({
      code: 'InvalidPasswordException',
      message: `Password did not conform with policy: ${reason}`,
    });
  });

  it('returns the user’s attributes from GetUser', async () => {
    const user = cognitoUser(cognito.emulator, 'demo');
    const session = await signIn(user, 'Passw0rd!');
    const attributes = await getAttributes(user);
    expect(attributes).toMatchObject({
      sub: session.getIdToken().decodePayload().sub,
      email: cognito.emulator.state.settings.demoEmail,
      email_verified: 'true',
    });
  });

  it('rejects a forged access token and an expired one with Cognito’s texts', async () => {
    const session = await signIn(cognitoUser(cognito.emulator, 'demo'), 'Passw0rd!');
    const token = session.getAccessToken().getJwtToken();
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.AAAA`;
    const bad = await awsPost(cognito.emulator, `${IDP}.GetUser`, { AccessToken: forged });
    expect(bad.body).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Access Token' });

    await control(cognito.emulator, 'clock', { offsetSeconds: 7200 });
    try {
      const expired = await awsPost(cognito.emulator, `${IDP}.GetUser`, { AccessToken: token });
      expect(expired.body).toEqual({
        __type: 'NotAuthorizedException',
        message: 'Access Token has expired',
      });
    } finally {
      await control(cognito.emulator, 'reset', {});
    }
  });

  it('revokes every refresh token and the access token on GlobalSignOut', async () => {
    const user = cognitoUser(cognito.emulator, 'demo');
    const session = await signIn(user, 'Passw0rd!');
    const otherSession = await signIn(cognitoUser(cognito.emulator, 'demo'), 'Passw0rd!');
    await globalSignOut(user);

    const refreshed = await refreshOnWire(otherSession.getRefreshToken().getToken());
    expect(refreshed.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
    const { body } = await awsPost(cognito.emulator, `${IDP}.GetUser`, {
      AccessToken: session.getAccessToken().getJwtToken(),
    });
    expect(body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
  });
});

describe('JWKS', () => {
  it('publishes the key that verifies the pool’s tokens', async () => {
    const { settings } = cognito.emulator.state;
    const response = await fetch(
      `${cognito.emulator.cognitoUrl}/${settings.userPoolId}/.well-known/jwks.json`,
    );
    const { keys } = (await response.json()) as { keys: (JsonWebKey & { kid: string })[] };
    const session = await signIn(cognitoUser(cognito.emulator, 'demo'), 'Passw0rd!');
    const token = session.getIdToken().getJwtToken();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    const jwk = keys.find((key) => key.kid === kid);
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    const publicKey = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    const valid = createVerify('RSA-SHA256')
      .update(`${header}.${payload}`)
      .verify(publicKey, Buffer.from(signature, 'base64url'));
    expect(valid).toBe(true);
  });
});
