import { SigningError } from './errors.ts';
import { fromBase64url } from './base64url.ts';

/** The claims of a Cognito ID token that the worker relies on. */
export interface IdTokenClaims {
  sub: string;
  iss: string;
  aud: string;
  token_use: string;
  exp: number;
  iat?: number;
  'cognito:username'?: string;
  email?: string;
  [claim: string]: unknown;
}

/** Decodes a JWT's payload without verifying it (Cognito verifies the signature on GetId). */
export function decodeJwtPayload(token: string): IdTokenClaims {
  if (typeof token !== 'string' || token.length > 16_384) {
    throw new SigningError('malformed-token', 'The ID token must be a string of at most 16 KiB.');
  }
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
    throw new SigningError('malformed-token', 'The ID token is not a JWT (three base64url parts).');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(fromBase64url(parts[1]!)));
  } catch (cause) {
    throw new SigningError('malformed-token', 'The ID token payload is not valid JSON.', { cause });
  }
  if (typeof payload !== 'object' || payload === null) {
    throw new SigningError('malformed-token', 'The ID token payload is not a JSON object.');
  }
  const claims = payload as Record<string, unknown>;
  for (const name of ['sub', 'iss', 'aud', 'token_use'] as const) {
    if (typeof claims[name] !== 'string' || claims[name] === '') {
      throw new SigningError('malformed-token', `The ID token has no "${name}" claim.`);
    }
  }
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
    throw new SigningError('malformed-token', 'The ID token has no numeric "exp" claim.');
  }
  return claims as IdTokenClaims;
}

/** What an ID token must be issued for. */
export interface TokenExpectations {
  region: string;
  userPoolId: string;
  clientId: string;
}

/** The `iss` claim of tokens issued by a User Pool. */
export function userPoolIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** Decodes an ID token and checks issuer, audience, token use and expiry against `nowMs`. */
export function checkIdToken(
  token: string,
  expected: TokenExpectations,
  nowMs: number,
): IdTokenClaims {
  const claims = decodeJwtPayload(token);
  const issuer = userPoolIssuer(expected.region, expected.userPoolId);
  if (claims.iss !== issuer) {
    throw new SigningError(
      'wrong-token',
      `The ID token was issued by ${claims.iss}, not ${issuer}.`,
    );
  }
  if (claims.aud !== expected.clientId) {
    throw new SigningError(
      'wrong-token',
      `The ID token is for app client ${claims.aud}, not ${expected.clientId}.`,
    );
  }
  if (claims.token_use !== 'id') {
    throw new SigningError(
      'wrong-token',
      `Expected an ID token, got token_use "${claims.token_use}".`,
    );
  }
  if (claims.exp * 1000 <= nowMs) {
    throw new SigningError(
      'token-expired',
      'The ID token has expired; refresh the session and sign in again.',
    );
  }
  return claims;
}
