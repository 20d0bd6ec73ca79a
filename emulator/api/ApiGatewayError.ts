/** A rejection API Gateway itself answers with: status, `x-amzn-ErrorType` and `{"message": ...}`. */
export class ApiGatewayError extends Error {
  override name = 'ApiGatewayError' as const;
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** API Gateway's answer to a request without auth, and to any unknown resource or method. */
export function missingAuthenticationToken(): ApiGatewayError {
  return new ApiGatewayError(
    403,
    'MissingAuthenticationTokenException',
    'Missing Authentication Token',
  );
}

/** A malformed `Authorization` header or presigned query. */
export function incompleteSignature(message: string): ApiGatewayError {
  return new ApiGatewayError(403, 'IncompleteSignatureException', message);
}

/** A well-formed signature that is wrong: scope, time or the signature itself. */
export function invalidSignature(message: string): ApiGatewayError {
  return new ApiGatewayError(403, 'InvalidSignatureException', message);
}

/** Unknown access key, wrong or missing session token, or revoked credentials. */
export function unrecognizedClient(): ApiGatewayError {
  return new ApiGatewayError(
    403,
    'UnrecognizedClientException',
    'The security token included in the request is invalid.',
  );
}

/** Credentials past their expiry on the emulator's clock. */
export function expiredToken(): ApiGatewayError {
  return new ApiGatewayError(
    403,
    'ExpiredTokenException',
    'The security token included in the request is expired',
  );
}

/** A body over API Gateway's 10 MB payload limit. */
export function requestTooLong(): ApiGatewayError {
  return new ApiGatewayError(413, 'BadRequestException', 'Request Too Long');
}
