import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startTestEmulator,
  type TestEmulator,
} from '../../../../emulator/test/startTestEmulator.ts';
import { refreshTokens, type RefreshMemo } from '../refreshTokens.ts';
import {
  control,
  recordingFetch,
  refreshConfig,
  signInDemo,
  withoutGetTokensFromRefreshToken,
  type SentCall,
} from './sessionTestHelpers.ts';

let cognito: TestEmulator;
beforeAll(async () => {
  cognito = await startTestEmulator();
});
afterAll(() => cognito.close());
beforeEach(async () => {
  await control(cognito.emulator, 'reset', {});
});

function counts(): Promise<Record<string, number>> {
  return control(cognito.emulator, 'counts').then((r) => r.body.counts as Record<string, number>);
}

describe('refreshTokens', () => {
  it('refreshes with GetTokensFromRefreshToken and keeps the refresh token when the client does not rotate', async () => {
    const signedIn = await signInDemo(cognito.emulator);
    const calls: SentCall[] = [];
    const out = await refreshTokens(signedIn.refreshToken, refreshConfig(cognito.emulator), {
      fetch: recordingFetch(calls),
      memo: new Map(),
    });
    expect(out.operation).toBe('GetTokensFromRefreshToken');
    expect(out.rotated).toBe(false);
    expect(out.refreshToken).toBe(signedIn.refreshToken);
    expect(out.idToken).not.toBe(signedIn.idToken);
    expect(out.expiresIn).toBe(cognito.emulator.state.settings.tokenTtlSeconds);
    expect(calls.map((c) => c.operation)).toEqual(['GetTokensFromRefreshToken']);
    expect(calls[0]!.body).toEqual({
      RefreshToken: signedIn.refreshToken,
      ClientId: cognito.emulator.state.settings.clientId,
    });
    expect((await counts()).GetTokensFromRefreshToken).toBe(1);
  });

  it('falls back to REFRESH_TOKEN_AUTH on an endpoint that does not know GetTokensFromRefreshToken, and remembers it', async () => {
    const signedIn = await signInDemo(cognito.emulator);
    const calls: SentCall[] = [];
    const memo: RefreshMemo = new Map();
    const options = { fetch: withoutGetTokensFromRefreshToken(recordingFetch(calls)), memo };
    const first = await refreshTokens(
      signedIn.refreshToken,
      refreshConfig(cognito.emulator),
      options,
    );
    const second = await refreshTokens(
      first.refreshToken,
      refreshConfig(cognito.emulator),
      options,
    );
    expect([first.operation, second.operation]).toEqual([
      'REFRESH_TOKEN_AUTH',
      'REFRESH_TOKEN_AUTH',
    ]);
    expect(second.refreshToken).toBe(signedIn.refreshToken);
    // The unknown operation never reached the emulator; the second refresh did not try it again.
    expect(calls.map((c) => c.operation)).toEqual(['InitiateAuth', 'InitiateAuth']);
    expect(calls[0]!.body).toMatchObject({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: signedIn.refreshToken },
    });
    expect((await counts()).InitiateAuth).toBe(3);
  });

  it('answers not-signed-in for a refresh token the User Pool does not know', async () => {
    await expect(
      refreshTokens('not-a-refresh-token', refreshConfig(cognito.emulator), { memo: new Map() }),
    ).rejects.toMatchObject({ name: 'AuthError', code: 'not-signed-in' });
  });

  it('answers not-signed-in once the user signed out everywhere (revoked refresh token)', async () => {
    const signedIn = await signInDemo(cognito.emulator);
    const response = await fetch(`${cognito.emulator.cognitoUrl}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.GlobalSignOut',
      },
      body: JSON.stringify({ AccessToken: signedIn.accessToken }),
    });
    expect(response.status).toBe(200);
    await expect(
      refreshTokens(signedIn.refreshToken, refreshConfig(cognito.emulator), { memo: new Map() }),
    ).rejects.toMatchObject({ code: 'not-signed-in' });
  });

  it('answers not-signed-in once the refresh token expired', async () => {
    const signedIn = await signInDemo(cognito.emulator);
    const ttl = cognito.emulator.state.settings.refreshTokenTtlSeconds;
    await control(cognito.emulator, 'clock', { offsetSeconds: ttl + 60 });
    await expect(
      refreshTokens(signedIn.refreshToken, refreshConfig(cognito.emulator), { memo: new Map() }),
    ).rejects.toMatchObject({ code: 'not-signed-in' });
  });

  it('reports a throttled refresh as too-many-attempts, not as a signed-out user', async () => {
    const signedIn = await signInDemo(cognito.emulator);
    await control(cognito.emulator, 'faults', {
      operation: 'GetTokensFromRefreshToken',
      kind: 'throttle',
      times: 1,
    });
    await expect(
      refreshTokens(signedIn.refreshToken, refreshConfig(cognito.emulator), { memo: new Map() }),
    ).rejects.toMatchObject({ code: 'too-many-attempts' });
  });

  it('reports an unreachable endpoint as network', async () => {
    const config = { ...refreshConfig(cognito.emulator), cognitoIdpEndpoint: 'http://127.0.0.1:9' };
    await expect(refreshTokens('token', config, { memo: new Map() })).rejects.toMatchObject({
      code: 'network',
    });
  });
});
