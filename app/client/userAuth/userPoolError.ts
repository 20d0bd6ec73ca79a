import { AuthError, toAuthError, type AuthErrorCode } from '../auth/AuthError.ts';

/** Cognito error types the classic helper's table does not know, for choice-based sign-in and passkeys. */
const BY_TYPE: Record<string, [AuthErrorCode, string]> = {
  WebAuthnNotEnabledException: ['passkey-unavailable', 'Passkeys are not enabled for this app.'],
  WebAuthnConfigurationMissingException: [
    'passkey-unavailable',
    'Passkeys are not set up for this app yet.',
  ],
  WebAuthnOriginNotAllowedException: [
    'passkey-unavailable',
    'Passkeys are not allowed on this site.',
  ],
  WebAuthnRelyingPartyMismatchException: [
    'passkey-unavailable',
    'This passkey belongs to another site.',
  ],
  WebAuthnClientMismatchException: [
    'passkey-unavailable',
    'This passkey was made for another app; sign in another way.',
  ],
  WebAuthnCredentialNotSupportedException: [
    'passkey-unavailable',
    'This kind of passkey is not supported; try another device or authenticator.',
  ],
  // The registration challenge lives a few minutes; only starting again helps.
  WebAuthnChallengeNotFoundException: [
    'session-expired',
    'Adding the passkey took too long; try again.',
  ],
};

// A sign-in session ends when it times out (the app client's AuthSessionValidity, 3 minutes by
// default) or after too many wrong codes, both NotAuthorizedException about the session.
const SESSION_EXPIRED = 'This sign-in expired or had too many wrong codes; start again.';
const NOT_SIGNED_IN = 'You are signed out; sign in again.';

/** Turns a User Pool error answer (`__type`, `message`) into an `AuthError` a person can act on. */
export function userPoolError(type: string, message: string): AuthError {
  // AWS JSON error types may carry a namespace (`ns#Type`) or a suffix (`Type:`).
  const name = type.replace(/^.*#/, '').replace(/:.*$/, '');
  const cause = Object.assign(new Error(message), { name, code: name });
  const known = BY_TYPE[name];
  if (known) return new AuthError(known[0], known[1], { cause });
  if (name === 'NotAuthorizedException') {
    // One type covers wrong passwords, spent sign-in sessions and bad tokens; only the text tells
    // them apart ("Invalid session for the user, session is expired.", "Access Token has been revoked").
    if (/session/i.test(message))
      return new AuthError('session-expired', SESSION_EXPIRED, { cause });
    if (/token/i.test(message)) return new AuthError('not-signed-in', NOT_SIGNED_IN, { cause });
  }
  return toAuthError(cause);
}

/** The error for a call that could not reach Cognito or got no AWS answer back. */
export function networkError(cause: unknown): AuthError {
  return new AuthError('network', "Can't reach the sign-in service; check your connection.", {
    cause,
  });
}

/** The Cognito error type an `AuthError` came from (its cause's `code`), e.g. `NotAuthorizedException`. */
export function cognitoErrorType(error: unknown): string | undefined {
  const code =
    error instanceof AuthError ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' ? code : undefined;
}
