import { IdentityError } from './IdentityApi.ts';

/** Error types that mean "Cognito is busy or broken right now", worth a retry and a backoff. */
const TRANSIENT_TYPES = [
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalErrorException',
  'TimeoutError',
];

/** What went wrong with one Identity Pool call, as either transport sees it. */
export interface IdentityFailure {
  /** AWS's error type without its namespace (`NotAuthorizedException`), or a local one (`TimeoutError`). */
  type: string;
  /** The HTTP status, when an answer came at all. */
  status?: number | undefined;
  /** A message that never quotes a token. */
  message: string;
}

/** Maps a failed Identity Pool call to an `IdentityError` the credential manager can act on. */
export function classifyIdentityError(
  operation: string,
  { type, status, message }: IdentityFailure,
  cause?: unknown,
): IdentityError {
  const text = `Cognito ${operation} failed: ${type}: ${message}`;
  const options = cause === undefined ? undefined : { cause };
  if (type === 'NotAuthorizedException') {
    // The login was refused: expired ("Invalid login token. Token expired: …"), or not valid
    // (e.g. a forged `token` reply); either way a fresh ID token from the page is the cure.
    return new IdentityError('token', text, options);
  }
  if (type === 'ResourceNotFoundException' && operation === 'GetCredentialsForIdentity') {
    return new IdentityError('identity', text, options);
  }
  const transient =
    status === undefined || status >= 500 || status === 429 || TRANSIENT_TYPES.includes(type);
  return new IdentityError(transient ? 'unavailable' : 'rejected', text, options);
}
