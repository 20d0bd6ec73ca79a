/** What went wrong with a sign-in, sign-up or session call, in terms the app can branch on. */
export type AuthErrorCode =
  /** Wrong password or unknown user (Cognito does not say which, on purpose). */
  | 'wrong-credentials'
  /** The account exists but its sign-up was never confirmed. */
  | 'not-confirmed'
  /** The password does not meet the User Pool's policy. */
  | 'invalid-password'
  | 'username-exists'
  | 'wrong-code'
  | 'expired-code'
  /** Too many attempts or requests; wait and try again. */
  | 'too-many-attempts'
  /** Cognito rejected a parameter (e.g. a username with spaces). */
  | 'invalid-input'
  /** The sign-in service could not be reached. */
  | 'network'
  /** Nobody is signed in (or the refresh token expired). */
  | 'not-signed-in'
  /** Cognito wants a challenge this helper does not handle (new password, MFA). */
  | 'unsupported-challenge'
  /** The sign-in took too long or its step was already used; start signing in again. */
  | 'session-expired'
  /** The person dismissed the passkey prompt, or no passkey of theirs is on this device. */
  | 'passkey-cancelled'
  /** Passkeys cannot be used here: the browser lacks WebAuthn or the User Pool is not set up for this site. */
  | 'passkey-unavailable'
  /** This device already holds a passkey for this account. */
  | 'passkey-exists'
  | 'unknown';

/** An auth failure with a message a person can act on, and the Cognito error it came from as `cause`. */
export class AuthError extends Error {
  override name = 'AuthError' as const;
  readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** Cognito error names (amazon-cognito-identity-js puts them in `code`) and what they mean here. */
const BY_COGNITO_CODE: Record<string, [AuthErrorCode, string | undefined]> = {
  NotAuthorizedException: ['wrong-credentials', 'Incorrect username or password.'],
  UserNotFoundException: ['wrong-credentials', 'Incorrect username or password.'],
  UserNotConfirmedException: [
    'not-confirmed',
    'This account is not confirmed yet. Enter the code we sent you to confirm it.',
  ],
  // Cognito's own text names the rule that failed; it is the most useful thing to show.
  InvalidPasswordException: ['invalid-password', undefined],
  UsernameExistsException: ['username-exists', 'That username is taken; choose another.'],
  CodeMismatchException: ['wrong-code', 'That code is not right; check it and try again.'],
  ExpiredCodeException: ['expired-code', 'That code has expired; request a new one.'],
  LimitExceededException: ['too-many-attempts', 'Too many attempts; wait a while and try again.'],
  TooManyRequestsException: [
    'too-many-attempts',
    'Too many requests; wait a moment and try again.',
  ],
  TooManyFailedAttemptsException: [
    'too-many-attempts',
    'Too many failed attempts; wait a while and try again.',
  ],
  PasswordResetRequiredException: [
    'unsupported-challenge',
    'This account needs a password reset before it can sign in.',
  ],
  InvalidParameterException: ['invalid-input', undefined],
  NetworkError: ['network', "Can't reach the sign-in service; check your connection."],
};

/** Turns whatever amazon-cognito-identity-js failed with into an `AuthError`. */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const code =
    typeof error === 'object' && error !== null
      ? String((error as { code?: unknown }).code ?? (error as { name?: unknown }).name ?? '')
      : '';
  const message = error instanceof Error ? error.message : String(error);
  const known = BY_COGNITO_CODE[code];
  if (known) return new AuthError(known[0], known[1] ?? message, { cause: error });
  // The library reports a failed fetch as a plain "Network error" in some paths.
  if (/network error|failed to fetch/i.test(message)) {
    return new AuthError('network', BY_COGNITO_CODE.NetworkError![1]!, { cause: error });
  }
  return new AuthError('unknown', message || 'Something went wrong; try again.', { cause: error });
}
