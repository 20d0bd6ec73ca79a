import { decodeJwt } from './jwt.ts';
import { requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';
import { webAuthnCeremonies } from './WebAuthnCeremonies.ts';

/** The `timeout` of Cognito's CredentialCreationOptions, milliseconds; the challenge lives as long. */
export const REGISTRATION_TIMEOUT_MS = 60_000;

/**
 * StartWebAuthnRegistration: CredentialCreationOptions for a passkey of the access token's user, in
 * Cognito's shape (as Amplify's tests record it): user.id is the base64url of the user's sub,
 * displayName empty, ES256 and RS256, a discoverable credential required, existing ones excluded.
 */
export function startWebAuthnRegistration(pool: UserPool, input: Input) {
  const accessToken = requireString(input, 'AccessToken', 'InvalidParameterException');
  const { user } = pool.authenticate(accessToken);
  const clientId = String(decodeJwt(accessToken)?.claims.client_id ?? '');
  const { webAuthnRelyingPartyId: rpId, webAuthnUserVerification } = pool.state.settings;
  const challenge = webAuthnCeremonies(pool).addRegistration(
    user.username,
    clientId,
    REGISTRATION_TIMEOUT_MS,
  );
  return {
    CredentialCreationOptions: {
      rp: { id: rpId, name: rpId },
      user: {
        id: Buffer.from(user.sub).toString('base64url'),
        name: user.username,
        displayName: '',
      },
      challenge,
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      timeout: REGISTRATION_TIMEOUT_MS,
      excludeCredentials: (user.passkeys ?? []).map((p) => ({
        type: 'public-key',
        id: p.credentialId,
      })),
      authenticatorSelection: {
        requireResidentKey: true,
        residentKey: 'required',
        userVerification: webAuthnUserVerification,
      },
    },
  };
}
