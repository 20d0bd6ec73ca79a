/** Every error code that crosses `postMessage` or reaches the app in a worker-made response. */
export type ErrorCode =
  /** The message is not an object of a known type with valid fields. */
  | 'bad-message'
  /** The message came from a client the worker does not serve (another origin, not a window). */
  | 'forbidden-client'
  /** The ID token is not a well-formed JWT. */
  | 'malformed-token'
  /** The ID token is for another User Pool, app client or token use. */
  | 'wrong-token'
  /** The ID token has expired. */
  | 'token-expired'
  /** A `token` reply named a different user from the signed-in one. */
  | 'user-mismatch'
  /** A signed request was made while nobody is signed in. */
  | 'not-signed-in'
  /** The ID token expired and no page supplied a fresh one in time. */
  | 'session-expired'
  /** Cognito refused the token or the identity (NotAuthorized, ResourceNotFound…). */
  | 'cognito-rejected'
  /** Cognito could not be reached or kept failing (network, throttling, 5xx); try again later. */
  | 'cognito-unavailable'
  /** A request to the API used a method API Gateway cannot route; it was not sent. */
  | 'unsupported-method'
  /** A query-signed URL would be longer than API Gateway accepts; the request was not sent. */
  | 'url-too-long'
  /** The API answered a signed request with a redirect the worker would not follow; the request ran. */
  | 'redirect-not-followed'
  /** The configuration is missing or malformed (a `ConfigError` names the field). */
  | 'bad-config'
  /** Anything else; a bug. */
  | 'internal';

/** The shape an error takes on the wire. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** Base class for errors that carry an `ErrorCode`. */
export class SigningError extends Error {
  override name: string = 'SigningError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }

  /** The `{ code, message }` form, safe to post to a page. */
  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into an `ErrorInfo`, hiding unexpected details behind `internal`. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof SigningError) return error.toInfo();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected error: ${message}` };
}
