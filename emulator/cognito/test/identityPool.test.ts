import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  type CognitoIdentityClient,
} from '@aws-sdk/client-cognito-identity';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cognitoUser,
  control,
  identityClientFor,
  loginsFor,
  signIn,
} from './cognitoTestHelpers.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';
import { decodeJwt, signJwt } from '../jwt.ts';
import { loadSigningKey } from '../SigningKey.ts';

let cognito: TestEmulator;
let client: CognitoIdentityClient;
let idToken: string;
let accessToken: string;

beforeAll(async () => {
  cognito = await startTestEmulator();
  client = identityClientFor(cognito.emulator);
  const session = await signIn(cognitoUser(cognito.emulator, 'demo'), 'Passw0rd!');
  idToken = session.getIdToken().getJwtToken();
  accessToken = session.getAccessToken().getJwtToken();
});
afterEach(async () => {
  await control(cognito.emulator, 'reset', {});
});
afterAll(async () => {
  client.destroy();
  await cognito.close();
});

function poolId() {
  return cognito.emulator.state.settings.identityPoolId;
}

function getId(logins?: Record<string, string>) {
  return client.send(new GetIdCommand({ IdentityPoolId: poolId(), Logins: logins }));
}

/** The demo ID token with some claims changed, signed with the emulator's own key. */
function tamperedIdToken(changes: Record<string, unknown>): string {
  const decoded = decodeJwt(idToken);
  if (!decoded) throw new Error('ID token does not decode');
  return signJwt({ ...decoded.claims, ...changes }, loadSigningKey(cognito.dataDir));
}

describe('GetId', () => {
  it('gives the same user the same identity every time', async () => {
    const first = await getId(loginsFor(cognito.emulator, idToken));
    const again = await signIn(cognitoUser(cognito.emulator, 'demo'), 'Passw0rd!');
    const second = await getId(loginsFor(cognito.emulator, again.getIdToken().getJwtToken()));
    expect(first.IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(second.IdentityId).toBe(first.IdentityId);
  });

  it('refuses an unknown identity pool', async () => {
    const other = 'us-east-1:00000000-0000-4000-8000-00000000dead';
    await expect(
      client.send(
        new GetIdCommand({ IdentityPoolId: other, Logins: loginsFor(cognito.emulator, idToken) }),
      ),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `IdentityPool '${other}' not found.`,
    });
  });

  it('refuses a malformed identity pool id with a ValidationException', async () => {
    await expect(client.send(new GetIdCommand({ IdentityPoolId: 'nope' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('refuses guests unless the pool allows them', async () => {
    await expect(getId()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
    });
  });

  it('creates a guest identity with credentials when guests are allowed', async () => {
    await control(cognito.emulator, 'settings', { allowGuests: true });
    const { IdentityId } = await getId();
    const result = await client.send(new GetCredentialsForIdentityCommand({ IdentityId }));
    expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);

    await control(cognito.emulator, 'settings', { allowGuests: false });
    await expect(
      client.send(new GetCredentialsForIdentityCommand({ IdentityId })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
    });
  });
});

describe('login token checks', () => {
  it('refuses a token signed with another key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const decoded = decodeJwt(idToken);
    const kid = decoded?.header.kid as string;
    const forged = signJwt(decoded?.claims ?? {}, { kid, privateKey });
    await expect(getId(loginsFor(cognito.emulator, forged))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: "Invalid login token. Couldn't verify signed token.",
    });
  });

  it('refuses a token whose issuer is not the Logins key', async () => {
    const token = tamperedIdToken({
      iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other',
    });
    await expect(getId(loginsFor(cognito.emulator, token))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: "Invalid login token. Issuer doesn't match providerName",
    });
  });

  it('refuses a provider the pool does not have', async () => {
    const provider = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other';
    const token = tamperedIdToken({ iss: `https://${provider}` });
    await expect(getId({ [provider]: token })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Token is not from a supported provider of this identity pool.',
    });
  });

  it('refuses a token for another app client', async () => {
    const token = tamperedIdToken({ aud: 'someotherclient' });
    await expect(getId(loginsFor(cognito.emulator, token))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Token is not from a supported provider of this identity pool.',
    });
  });

  it('refuses an access token in place of the ID token', async () => {
    await expect(getId(loginsFor(cognito.emulator, accessToken))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid login token. Missing a required claim: aud',
    });
  });

  it('refuses something that is not a JWT', async () => {
    await expect(getId(loginsFor(cognito.emulator, 'garbage'))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid login token. Not a valid OpenId Connect identity token.',
    });
  });

  it('refuses an expired token, using the token lifetime and clock controls', async () => {
    await control(cognito.emulator, 'settings', { tokenTtlSeconds: 60 });
    const session = await signIn(cognitoUser(cognito.emulator, 'demo'), 'Passw0rd!');
    const token = session.getIdToken().getJwtToken();
    const exp = session.getIdToken().getExpiration();
    await control(cognito.emulator, 'clock', { offsetSeconds: 120 });
    await expect(getId(loginsFor(cognito.emulator, token))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringMatching(
        new RegExp(`^Invalid login token\\. Token expired: \\d+ >= ${exp}$`),
      ),
    });
  });
});

describe('GetCredentialsForIdentity', () => {
  it('issues ASIA credentials that expire after the configured lifetime and records them', async () => {
    await control(cognito.emulator, 'settings', { credentialsTtlSeconds: 2 });
    const logins = loginsFor(cognito.emulator, idToken);
    const { IdentityId } = await getId(logins);
    const before = Date.now();
    const result = await client.send(
      new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }),
    );
    const credentials = result.Credentials;
    expect(result.IdentityId).toBe(IdentityId);
    expect(credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(credentials?.SecretKey?.length).toBe(40);
    expect(credentials?.SessionToken?.length).toBeGreaterThan(200);
    expect(credentials?.Expiration).toBeInstanceOf(Date);
    const lifetime = (credentials?.Expiration?.getTime() ?? 0) - before;
    expect(lifetime).toBeGreaterThanOrEqual(1900);
    expect(lifetime).toBeLessThanOrEqual(3500);

    const issued = cognito.emulator.state.credentials.get(credentials?.AccessKeyId ?? '');
    expect(issued).toMatchObject({
      secretAccessKey: credentials?.SecretKey,
      sessionToken: credentials?.SessionToken,
      identityId: IdentityId,
      expiresAt: credentials?.Expiration?.getTime(),
      revoked: false,
    });
  });

  it('asks an authenticated identity for its login', async () => {
    const { IdentityId } = await getId(loginsFor(cognito.emulator, idToken));
    await expect(
      client.send(new GetCredentialsForIdentityCommand({ IdentityId })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message:
        "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    });
  });

  it('refuses the login of another user', async () => {
    await control(cognito.emulator, 'settings', { allowGuests: true });
    const { IdentityId } = await getId();
    await expect(
      client.send(
        new GetCredentialsForIdentityCommand({
          IdentityId,
          Logins: loginsFor(cognito.emulator, idToken),
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('refuses an identity it never issued', async () => {
    const IdentityId = 'us-east-1:00000000-0000-4000-8000-00000000beef';
    await expect(
      client.send(new GetCredentialsForIdentityCommand({ IdentityId })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Identity '${IdentityId}' not found.`,
    });
  });
});

describe('restarts', () => {
  it('keeps tokens, identities and refresh tokens valid across an emulator restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'emulator-cognito-restart-'));
    const first = await startTestEmulator(dataDir);
    const session = await signIn(cognitoUser(first.emulator, 'demo'), 'Passw0rd!');
    const firstClient = identityClientFor(first.emulator);
    const logins = loginsFor(first.emulator, session.getIdToken().getJwtToken());
    const { IdentityId } = await firstClient.send(
      new GetIdCommand({ IdentityPoolId: poolId(), Logins: logins }),
    );
    firstClient.destroy();
    await first.close();

    const second = await startTestEmulator(dataDir);
    const secondClient = identityClientFor(second.emulator);
    try {
      const again = await secondClient.send(
        new GetIdCommand({ IdentityPoolId: poolId(), Logins: logins }),
      );
      expect(again.IdentityId).toBe(IdentityId);
      const response = await fetch(second.emulator.cognitoUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        },
        body: JSON.stringify({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: second.emulator.state.settings.clientId,
          AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken() },
        }),
      });
      expect(response.status).toBe(200);
    } finally {
      secondClient.destroy();
      await second.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
