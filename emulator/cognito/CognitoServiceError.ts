/** An error the emulator answers with in AWS's JSON shape: `{"__type": type, "message": message}`. */
export class CognitoServiceError extends Error {
  override name = 'CognitoServiceError' as const;

  constructor(
    /** AWS's error type, e.g. `NotAuthorizedException`; sent as `__type` and `x-amzn-ErrorType`. */
    readonly type: string,
    message: string,
    /** HTTP status; AWS JSON services answer client errors with 400. */
    readonly status = 400,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Cognito's answer to a wrong password, and (with user existence errors prevented) to an unknown user. */
export function incorrectCredentials(): CognitoServiceError {
  return new CognitoServiceError('NotAuthorizedException', 'Incorrect username or password.');
}
