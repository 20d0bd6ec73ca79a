import {
  createHash,
  createPublicKey,
  createVerify,
  randomBytes,
  type JsonWebKey,
} from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';
import {
  awsPost,
  cognitoUser,
  control,
  identityClientFor,
  loginsFor,
  signIn,
} from './cognitoTestHelpers.ts';
import { GetIdCommand } from '@aws-sdk/client-cognito-identity';

/** A callback URL the default settings allow: the app's root on loopback, any port. */
const REDIRECT_URI = 'http://127.0.0.1:5173/';

let cognito: TestEmulator;
beforeAll(async () => {
  cognito = await startTestEmulator();
});
afterEach(async () => {
  await control(cognito.emulator, 'reset', {});
});
afterAll(async () => {
  await cognito.close();
});

const settings = () => cognito.emulator.state.settings;
const base = () => cognito.emulator.cognitoUrl;

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeQuery(overrides: Record<string, string | undefined> = {}): string {
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: settings().clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid email',
    state: 'state-1',
    nonce: 'nonce-1',
    ...overrides,
  };
  const defined = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return new URLSearchParams(defined).toString();
}

async function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${base()}${path}`, { redirect: 'manual', headers });
}

async function submitLogin(query: string, username: string, password: string, cookie?: string) {
  return fetch(`${base()}/login?${query}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(cookie !== undefined && { Cookie: cookie }),
    },
    body: new URLSearchParams({ username, password }),
  });
}

/** Signs the demo user in on the hosted page; returns the code, the state and the session cookie. */
async function authorize(overrides: Record<string, string | undefined> = {}) {
  const query = authorizeQuery(overrides);
  const start = await get(`/oauth2/authorize?${query}`);
  expect(start.status).toBe(302);
  expect(start.headers.get('location')).toBe(`/login?${query}`);
  const answer = await submitLogin(query, settings().demoUser, settings().demoPassword);
  expect(answer.status).toBe(302);
  const location = new URL(answer.headers.get('location') ?? '');
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    location,
    code: location.searchParams.get('code') ?? '',
    state: location.searchParams.get('state'),
    cookie,
  };
}

async function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${base()}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

function redeem(code: string, verifier: string, redirectUri = REDIRECT_URI) {
  return token({
    grant_type: 'authorization_code',
    client_id: settings().clientId,
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
}

function claims(jwt: unknown): Record<string, unknown> {
  const payload = String(jwt).split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function signedIn(scope = 'openid email') {
  const { verifier, challenge } = pkce();
  const { code } = await authorize({
    scope,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const answer = await redeem(code, verifier);
  expect(answer.status).toBe(200);
  return answer.body as { id_token: string; access_token: string; refresh_token: string };
}

describe('authorization code with PKCE', () => {
  it('signs in on the hosted page and redeems the code for RS256 tokens of the pool', async () => {
    const { verifier, challenge } = pkce();
    const { location, code, state } = await authorize({
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(state).toBe('state-1');
    const answer = await redeem(code, verifier);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(typeof answer.body.refresh_token).toBe('string');

    const { keys } = (await (
      await get(`/${settings().userPoolId}/.well-known/jwks.json`)
    ).json()) as {
      keys: JsonWebKey[];
    };
    const [header, payload, signature] = String(answer.body.id_token).split('.');
    const valid = createVerify('RSA-SHA256')
      .update(`${header}.${payload}`)
      .verify(
        createPublicKey({ key: keys[0]!, format: 'jwk' }),
        Buffer.from(signature ?? '', 'base64url'),
      );
    expect(valid).toBe(true);
    const id = claims(answer.body.id_token);
    expect(id).toMatchObject({
      iss: `https://cognito-idp.${settings().region}.amazonaws.com/${settings().userPoolId}`,
      aud: settings().clientId,
      token_use: 'id',
      nonce: 'nonce-1',
      'cognito:username': settings().demoUser,
      email: settings().demoEmail,
    });
    expect(claims(answer.body.access_token)).toMatchObject({
      token_use: 'access',
      scope: 'openid email',
      client_id: settings().clientId,
    });
  });

  it('yields an ID token the Identity Pool accepts, like the User Pool API ones', async () => {
    const { id_token } = await signedIn();
    const identity = await identityClientFor(cognito.emulator).send(
      new GetIdCommand({
        IdentityPoolId: settings().identityPoolId,
        Logins: loginsFor(cognito.emulator, id_token),
      }),
    );
    expect(identity.IdentityId).toMatch(/^us-east-1:/);
  });

  it('refuses a code_verifier that does not match the challenge, and the code is then used up', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
    const wrong = await redeem(code, pkce().verifier);
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await redeem(code, verifier)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('refuses a code redeemed twice', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await redeem(code, verifier)).status).toBe(200);
    expect(await redeem(code, verifier)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('refuses a code redeemed with another redirect_uri than it was issued for', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
    const answer = await redeem(code, verifier, 'http://127.0.0.1:5174/');
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a code older than five minutes', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
    await control(cognito.emulator, 'clock', { offsetSeconds: 5 * 60 + 1 });
    expect(await redeem(code, verifier)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('leaves nonce out of the ID token when the request had none', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await authorize({
      nonce: undefined,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const { body } = await redeem(code, verifier);
    expect(claims(body.id_token)).not.toHaveProperty('nonce');
  });

  it('returns no ID token without the openid scope', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await authorize({
      scope: 'aws.cognito.signin.user.admin',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const { body } = await redeem(code, verifier);
    expect(body).not.toHaveProperty('id_token');
    expect(claims(body.access_token).scope).toBe('aws.cognito.signin.user.admin');
  });
});

describe('the authorize endpoint and the hosted page', () => {
  it('sends an unregistered callback URL to the error page, never to that URL', async () => {
    const answer = await get(
      `/oauth2/authorize?${authorizeQuery({ redirect_uri: 'https://evil.example/' })}`,
    );
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(
      `/error?error=redirect_mismatch&client_id=${settings().clientId}`,
    );
    const page = await get(answer.headers.get('location') ?? '');
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('An error was encountered with the requested page.');
  });

  it('sends other faults back to the callback URL as error, with the state', async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ response_type: undefined }, 'invalid_request'],
      [{ response_type: 'token' }, 'unauthorized_client'],
      [{ code_challenge: 'abc', code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: 'abc', code_challenge_method: undefined }, 'invalid_request'],
      [{ scope: 'openid admin' }, 'invalid_scope'],
      [{ scope: 'email' }, 'invalid_scope'],
    ];
    for (const [overrides, error] of cases) {
      const answer = await get(`/oauth2/authorize?${authorizeQuery(overrides)}`);
      expect(answer.status).toBe(302);
      const location = new URL(answer.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(Object.fromEntries(location.searchParams)).toEqual({ error, state: 'state-1' });
    }
  });

  it('shows a plain sign-in form and says so when the password is wrong', async () => {
    const query = authorizeQuery();
    const page = await get(`/login?${query}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    expect(html).toContain('name="password"');
    const wrong = await submitLogin(query, settings().demoUser, 'not-the-password');
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toContain('Incorrect username or password.');
    const unknown = await submitLogin(query, 'nobody', 'whatever');
    expect(await unknown.text()).toContain('Incorrect username or password.');
  });

  it('signs a browser with a live session in again without the form, until /logout', async () => {
    const { cookie } = await authorize();
    const again = await get(`/oauth2/authorize?${authorizeQuery()}`, { Cookie: cookie });
    expect(again.status).toBe(302);
    expect(new URL(again.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();

    const logout = await get(
      `/logout?${new URLSearchParams({ client_id: settings().clientId, logout_uri: REDIRECT_URI })}`,
      { Cookie: cookie },
    );
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(REDIRECT_URI);
    expect(logout.headers.get('set-cookie')).toContain('Max-Age=0');
    const afterLogout = await get(`/oauth2/authorize?${authorizeQuery()}`, { Cookie: cookie });
    expect(afterLogout.headers.get('location')).toMatch(/^\/login\?/);
  });

  it('refuses a sign-out URL that is not registered', async () => {
    const logout = await get(
      `/logout?${new URLSearchParams({ client_id: settings().clientId, logout_uri: 'https://evil.example/' })}`,
    );
    expect(logout.headers.get('location')).toBe(
      `/error?error=redirect_mismatch&client_id=${settings().clientId}`,
    );
  });
});

describe('the token endpoint', () => {
  it('refreshes with the refresh token: new ID and access tokens, the same sign-in', async () => {
    const first = await signedIn();
    const answer = await token({
      grant_type: 'refresh_token',
      client_id: settings().clientId,
      refresh_token: first.refresh_token,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('refresh_token');
    const before = claims(first.id_token);
    const after = claims(answer.body.id_token);
    expect(after.jti).not.toBe(before.jti);
    expect(after).toMatchObject({ sub: before.sub, auth_time: before.auth_time, token_use: 'id' });
    expect(claims(answer.body.access_token).scope).toBe('openid email');
  });

  it('answers invalid_grant for an unknown or revoked refresh token', async () => {
    const unknown = await token({
      grant_type: 'refresh_token',
      client_id: settings().clientId,
      refresh_token: 'not-a-token',
    });
    expect(unknown).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const { refresh_token } = await signedIn('openid email aws.cognito.signin.user.admin');
    const session = cognito.emulator.state.settings.demoUser;
    const api = await awsPost(cognito.emulator, 'AWSCognitoIdentityProviderService.InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: settings().clientId,
      AuthParameters: { USERNAME: session, PASSWORD: settings().demoPassword },
    });
    const accessToken = (api.body.AuthenticationResult as { AccessToken: string }).AccessToken;
    await awsPost(cognito.emulator, 'AWSCognitoIdentityProviderService.GlobalSignOut', {
      AccessToken: accessToken,
    });
    const revoked = await token({
      grant_type: 'refresh_token',
      client_id: settings().clientId,
      refresh_token,
    });
    expect(revoked).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it("answers malformed requests with OAuth's error codes alone", async () => {
    const clientId = settings().clientId;
    expect(await token({ client_id: clientId })).toEqual(
      expect.objectContaining({ status: 400, body: { error: 'invalid_request' } }),
    );
    expect((await token({ grant_type: 'password', client_id: clientId })).body).toEqual({
      error: 'unsupported_grant_type',
    });
    expect((await token({ grant_type: 'refresh_token', client_id: 'someoneelse' })).body).toEqual({
      error: 'invalid_client',
    });
    expect((await token({ grant_type: 'refresh_token', client_id: clientId })).body).toEqual({
      error: 'invalid_request',
    });
    const basic = await token(
      { grant_type: 'refresh_token', client_id: clientId, refresh_token: 'x' },
      { Authorization: `Basic ${Buffer.from(`${clientId}:secret`).toString('base64')}` },
    );
    expect(basic.body).toEqual({ error: 'invalid_client' });
    const json = await fetch(`${base()}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token' }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toEqual({ error: 'invalid_request' });
  });
});

describe('the userInfo endpoint', () => {
  it("answers the attributes the access token's scopes release", async () => {
    const { access_token } = await signedIn('openid email');
    const answer = await get('/oauth2/userInfo', { Authorization: `Bearer ${access_token}` });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      sub: claims(access_token).sub,
      email: settings().demoEmail,
      email_verified: 'true',
      username: settings().demoUser,
    });
  });

  it('refuses access tokens of the User Pool API, which carry no openid scope', async () => {
    const session = await signIn(
      cognitoUser(cognito.emulator, settings().demoUser),
      settings().demoPassword,
    );
    const answer = await get('/oauth2/userInfo', {
      Authorization: `Bearer ${session.getAccessToken().getJwtToken()}`,
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await answer.json()) as unknown).toMatchObject({ error: 'invalid_token' });
  });

  it('answers invalid_request without a bearer token', async () => {
    const answer = await get('/oauth2/userInfo');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });
});

describe('scopes of managed-login access tokens', () => {
  it('lets GetUser accept only tokens granted aws.cognito.signin.user.admin', async () => {
    const target = 'AWSCognitoIdentityProviderService.GetUser';
    const narrow = await signedIn('openid email');
    const refused = await awsPost(cognito.emulator, target, { AccessToken: narrow.access_token });
    expect(refused.body).toMatchObject({
      __type: 'NotAuthorizedException',
      message: 'Access Token does not have required scopes',
    });
    const wide = await signedIn('openid email aws.cognito.signin.user.admin');
    const accepted = await awsPost(cognito.emulator, target, { AccessToken: wide.access_token });
    expect(accepted.status).toBe(200);
    expect(accepted.body.Username).toBe(settings().demoUser);
  });
});

describe('discovery', () => {
  it('lists the endpoints and the JWKS at the issuer, as Cognito does', async () => {
    const answer = await get(`/${settings().userPoolId}/.well-known/openid-configuration`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    const doc = (await answer.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer: `https://cognito-idp.${settings().region}.amazonaws.com/${settings().userPoolId}`,
      authorization_endpoint: `${base()}/oauth2/authorize`,
      token_endpoint: `${base()}/oauth2/token`,
      userinfo_endpoint: `${base()}/oauth2/userInfo`,
      end_session_endpoint: `${base()}/logout`,
      jwks_uri: `${base()}/${settings().userPoolId}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const jwks = await fetch(String(doc.jwks_uri));
    expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(1);
  });
});
