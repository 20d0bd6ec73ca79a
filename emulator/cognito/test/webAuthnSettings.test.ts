import { ListWebAuthnCredentialsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { settingsFromEnv } from '../../settings.ts';
import { control, useUserPoolEmulator } from './cognitoTestHelpers.ts';
import { newSignedInUser, registerPasskey, startRegistration } from './passkeyTestHelpers.ts';
import { SoftwareAuthenticator } from './softwareAuthenticator.ts';

const suite = useUserPoolEmulator();

describe('passkey settings', () => {
  it('reads the relying party, origins and user verification from the environment', () => {
    const settings = settingsFromEnv({
      EMULATOR_WEBAUTHN_RP_ID: 'app.example.com',
      EMULATOR_WEBAUTHN_ORIGINS: 'https://app.example.com, http://localhost:*',
      EMULATOR_WEBAUTHN_USER_VERIFICATION: 'required',
    });
    expect(settings).toMatchObject({
      webAuthnRelyingPartyId: 'app.example.com',
      webAuthnAllowedOrigins: ['https://app.example.com', 'http://localhost:*'],
      webAuthnUserVerification: 'required',
    });
    expect(settingsFromEnv({})).toMatchObject({
      webAuthnRelyingPartyId: 'localhost',
      webAuthnAllowedOrigins: [],
      webAuthnUserVerification: 'preferred',
    });
  });

  it.each(['127.0.0.1', 'https://example.com', 'Example.com', 'localhost:5173'])(
    'refuses %s as a relying party id',
    (rpId) => {
      expect(() => settingsFromEnv({ EMULATOR_WEBAUTHN_RP_ID: rpId })).toThrow(TypeError);
    },
  );

  it('registers passkeys for the relying party and origins the controls set, refusing others', async () => {
    const { accessToken } = await newSignedInUser(suite.cognito.emulator, suite.client);
    const set = await control(suite.cognito.emulator, 'settings', {
      webAuthnRelyingPartyId: 'app.test',
      webAuthnAllowedOrigins: ['https://app.test'],
      webAuthnUserVerification: 'required',
    });
    try {
      expect(set.status).toBe(200);
      const options = await startRegistration(suite.client, accessToken);
      expect(options.rp.id).toBe('app.test');
      expect(options.authenticatorSelection.userVerification).toBe('required');
      const authenticator = new SoftwareAuthenticator('app.test');
      await expect(registerPasskey(suite.client, accessToken, authenticator)).rejects.toMatchObject(
        {
          name: 'WebAuthnOriginNotAllowedException',
        },
      );
      await registerPasskey(suite.client, accessToken, authenticator, {
        origin: 'https://app.test',
      });
      const listed = await suite.client.send(
        new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }),
      );
      expect(listed.Credentials?.map((c) => c.RelyingPartyId)).toEqual(['app.test']);
    } finally {
      await control(suite.cognito.emulator, 'reset', {});
    }
    expect(suite.cognito.emulator.state.settings.webAuthnRelyingPartyId).toBe('localhost');
  });

  it('refuses an IP address as relying party id through the controls', async () => {
    const answer = await control(suite.cognito.emulator, 'settings', {
      webAuthnRelyingPartyId: '10.0.0.1',
    });
    expect(answer.status).toBe(400);
    expect(suite.cognito.emulator.state.settings.webAuthnRelyingPartyId).toBe('localhost');
  });
});
