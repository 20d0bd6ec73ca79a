import { CognitoServiceError } from './CognitoServiceError.ts';
import { decodeJwt } from './jwt.ts';
import { requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';

/** The API model's pattern for RevokeToken's Token. */
const TOKEN_PATTERN = /^[A-Za-z0-9\-_=.]+$/;

/**
 * RevokeToken: revokes a refresh token with its whole rotation family and the access tokens issued
 * from them (GetUser then says "Access Token has been revoked"). Only refresh tokens can be revoked,
 * as Cognito's revocation endpoint answers unsupported_token_type for others.
 */
export function revokeToken(pool: UserPool, input: Input): Record<string, never> {
  const token = requireString(input, 'Token', 'InvalidParameterException');
  const clientId = requireString(input, 'ClientId', 'InvalidParameterException');
  if (!TOKEN_PATTERN.test(token)) {
    // Token is a sensitive member, so AWS's validation message leaves its value out.
    throw new CognitoServiceError(
      'InvalidParameterException',
      "1 validation error detected: Value at 'token' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+",
    );
  }
  pool.checkClientId(clientId);
  // Access and ID tokens are JWTs; Cognito's refresh tokens are opaque to clients. The message text
  // is unverified.
  if (decodeJwt(token)) {
    throw new CognitoServiceError('UnsupportedTokenTypeException', 'Unsupported token type.');
  }
  const result = pool.revokeRefreshToken(token, clientId);
  if (result === 'other-client') {
    // RFC 7009 section 2.1: a token issued to another client is refused. Type from the API model,
    // text unverified.
    throw new CognitoServiceError('UnauthorizedException', 'Token was not issued to this client.');
  }
  // An unknown or already revoked token is answered like a revoked one (RFC 7009 section 2.2: the
  // client has nothing more to do).
  return {};
}
