import { CognitoServiceError } from './CognitoServiceError.ts';
import { decodeJwt } from './jwt.ts';
import { constraintError, requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';
import type { StoredPasskey } from './UserStore.ts';
import {
  readClientData,
  readCredentialJson,
  verifyRegistration,
  WebAuthnVerificationError,
} from './webauthn/index.ts';
import { webAuthnCeremonies } from './WebAuthnCeremonies.ts';
import { webAuthnExpectation } from './webAuthnExpectation.ts';
import { webAuthnRegistrationError } from './webAuthnRegistrationError.ts';

/** Passkeys one user may register; Cognito's documented quota is 20 per user. */
const MAX_PASSKEYS = 20;

function challengeOf(credential: unknown): string {
  return readClientData(readCredentialJson(credential).response.clientDataJSON).challenge;
}

function checkNotRegistered(pool: UserPool, credentialId: string): void {
  for (const other of pool.store.allUsers()) {
    if (other.passkeys?.some((p) => p.credentialId === credentialId)) {
      // Text not verified against Cognito.
      throw new CognitoServiceError(
        'InvalidParameterException',
        'This passkey is already registered.',
      );
    }
  }
}

/**
 * CompleteWebAuthnRegistration: verifies the RegistrationResponseJSON against the challenge
 * StartWebAuthnRegistration issued to this user (taken once, pass or fail) and stores the passkey.
 */
export function completeWebAuthnRegistration(pool: UserPool, input: Input): Record<string, never> {
  const accessToken = requireString(input, 'AccessToken', 'InvalidParameterException');
  const credential = input.Credential;
  if (credential === undefined || credential === null) {
    throw constraintError(
      'InvalidParameterException',
      'Credential',
      null,
      'Member must not be null',
    );
  }
  const { user } = pool.authenticate(accessToken);
  try {
    const challenge = challengeOf(credential);
    const pending = webAuthnCeremonies(pool).takeRegistration(challenge);
    if (!pending || pending.username.toLowerCase() !== user.username.toLowerCase()) {
      throw new CognitoServiceError(
        'WebAuthnChallengeNotFoundException',
        'The registration challenge was not found or has expired.',
      );
    }
    if (pending.clientId !== String(decodeJwt(accessToken)?.claims.client_id ?? '')) {
      throw new CognitoServiceError(
        'WebAuthnClientMismatchException',
        'The access token is for a different app client than the one that started the registration.',
      );
    }
    const verified = verifyRegistration(
      credential,
      webAuthnExpectation(pool.state.settings, challenge),
    );
    checkNotRegistered(pool, verified.credentialId);
    const passkeys = user.passkeys ?? [];
    if (passkeys.length >= MAX_PASSKEYS) {
      throw new CognitoServiceError(
        'LimitExceededException',
        `A user can register at most ${MAX_PASSKEYS} passkeys.`,
      );
    }
    const passkey: StoredPasskey = {
      credentialId: verified.credentialId,
      publicKey: verified.publicKey,
      algorithm: verified.algorithm,
      signCount: verified.signCount,
      // Cognito generates a name it does not document; this one says what kind of passkey it is.
      friendlyName: `${verified.authenticatorAttachment === 'cross-platform' ? 'Security key' : 'Passkey'} ${passkeys.length + 1}`,
      relyingPartyId: pool.state.settings.webAuthnRelyingPartyId,
      ...(verified.authenticatorAttachment !== undefined && {
        authenticatorAttachment: verified.authenticatorAttachment,
      }),
      transports: verified.transports,
      createdAt: pool.state.now(),
    };
    pool.store.put({ ...user, passkeys: [...passkeys, passkey] });
    return {};
  } catch (error) {
    if (error instanceof WebAuthnVerificationError) throw webAuthnRegistrationError(error);
    throw error;
  }
}
