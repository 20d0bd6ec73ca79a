import { CognitoServiceError } from './CognitoServiceError.ts';
import { requireParameter } from './initiateAuth.ts';
import type { AuthenticationResult, UserPool } from './UserPool.ts';
import {
  readCredentialJson,
  verifyAssertion,
  WebAuthnVerificationError,
} from './webauthn/index.ts';
import { webAuthnCeremonies } from './WebAuthnCeremonies.ts';
import { webAuthnExpectation } from './webAuthnExpectation.ts';

/**
 * The `timeout` of Cognito's CREDENTIAL_REQUEST_OPTIONS (180000 in the options Amplify's tests
 * record), and the life of the Session that carries the challenge: Cognito's 3-minute auth session.
 */
const SIGN_IN_TIMEOUT_MS = 180_000;

/** The WEB_AUTHN challenge of choice-based sign-in. */
export interface WebAuthnChallenge {
  ChallengeName: 'WEB_AUTHN';
  ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: string };
  Session: string;
}

/** Whether WEB_AUTHN is a challenge `username` can answer: a confirmed user with a passkey. */
export function canSignInWithPasskey(pool: UserPool, username: string): boolean {
  const user = pool.store.get(username);
  return Boolean(user?.confirmed && user.passkeys?.length);
}

/**
 * Issues the WEB_AUTHN challenge: CREDENTIAL_REQUEST_OPTIONS is a JSON string in Cognito's shape (as
 * Amplify's tests record it) listing the user's passkeys in allowCredentials.
 */
export function startWebAuthnChallenge(pool: UserPool, username: string): WebAuthnChallenge {
  const user = pool.store.get(username);
  const { webAuthnRelyingPartyId, webAuthnUserVerification } = pool.state.settings;
  const { challenge, session } = webAuthnCeremonies(pool).addSignIn(
    user?.username ?? username,
    SIGN_IN_TIMEOUT_MS,
  );
  const options = {
    hints: [],
    attestation: 'none',
    attestationFormats: [],
    challenge,
    timeout: SIGN_IN_TIMEOUT_MS,
    rpId: webAuthnRelyingPartyId,
    allowCredentials: (user?.passkeys ?? []).map((p) => ({
      id: p.credentialId,
      type: 'public-key',
    })),
    userVerification: webAuthnUserVerification,
  };
  return {
    ChallengeName: 'WEB_AUTHN',
    ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
    Session: session,
  };
}

// Cognito's text for a failed passkey assertion is not published and could not be verified; the
// type is the one the brief and Cognito's API reference give for a refused answer.
function refused(reason: string, cause?: unknown): CognitoServiceError {
  return new CognitoServiceError(
    'NotAuthorizedException',
    `Passkey authentication failed: ${reason}`,
    400,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * RespondToAuthChallenge WEB_AUTHN: verifies CREDENTIAL (an AuthenticationResponseJSON, as a string)
 * against the Session's challenge, taken once pass or fail, and the user's registered passkey.
 */
export function answerWebAuthnChallenge(
  pool: UserPool,
  responses: Record<string, string>,
  session: string | undefined,
  clientId: string,
): { AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> } {
  const username = requireParameter(responses, 'USERNAME');
  const credential = requireParameter(responses, 'CREDENTIAL');
  const pending = session === undefined ? undefined : webAuthnCeremonies(pool).takeSignIn(session);
  if (!pending) {
    // Cognito's text for a used, unknown or timed-out authentication session.
    throw new CognitoServiceError(
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
  }
  const user = pool.store.get(pending.username);
  if (!user || pending.username.toLowerCase() !== username.toLowerCase()) {
    throw refused('the session belongs to another user.');
  }
  try {
    const json = readCredentialJson(credential);
    const passkey = user.passkeys?.find((p) => p.credentialId === json.id);
    if (!passkey) throw refused('the credential is not registered for this user.');
    const verified = verifyAssertion(
      json,
      passkey,
      webAuthnExpectation(pool.state.settings, pending.challenge),
    );
    if (
      verified.userHandle !== undefined &&
      verified.userHandle !== Buffer.from(user.sub).toString('base64url')
    ) {
      throw refused('the user handle is not this user.');
    }
    pool.store.put({
      ...user,
      passkeys: (user.passkeys ?? []).map((p) =>
        p === passkey ? { ...p, signCount: verified.signCount } : p,
      ),
    });
  } catch (error) {
    if (error instanceof WebAuthnVerificationError) throw refused(error.message, error);
    throw error;
  }
  if (!user.confirmed) {
    throw new CognitoServiceError('UserNotConfirmedException', 'User is not confirmed.');
  }
  return { AuthenticationResult: pool.startSession(user, clientId), ChallengeParameters: {} };
}
