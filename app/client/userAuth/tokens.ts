import { decodeJwtPayload } from '../../../shared/jwt.ts';
import type { AuthSession } from '../auth/CognitoAuth.ts';
import type { SessionTokens } from './SessionSnapshot.ts';

/** The tokens of a signed-in user; `expiresAt` (ms since the epoch) is when the ID and access tokens lapse. */
export interface UserAuthTokens extends SessionTokens {
  expiresAt: number;
}

/** Cognito's `AuthenticationResult`, as InitiateAuth and RespondToAuthChallenge return it. */
export interface AuthenticationResult {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType?: string;
}

/** Reads an `AuthenticationResult` into tokens, dating their expiry by the given clock. */
export function tokensFrom(result: AuthenticationResult, now: number): UserAuthTokens {
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken ?? '',
    // ExpiresIn on the page's own clock: right even when the page's and Cognito's clocks disagree.
    expiresAt: now + result.ExpiresIn * 1000,
  };
}

/**
 * Tokens read back from storage, which keeps no `expiresAt`: the ID token's `exp` stands in (the
 * access token is issued with the same lifetime), or 0 when it has none, which forces a refresh.
 */
export function restoredTokens(tokens: SessionTokens): UserAuthTokens {
  let exp = 0;
  try {
    exp = decodeJwtPayload(tokens.idToken).exp;
  } catch {
    // Not a JWT we can read: treat it as expired, so the refresh token replaces it.
  }
  return { ...tokens, expiresAt: exp * 1000 };
}

/** The user and ID token of signed-in tokens, as `CognitoAuth` reports a session. */
export function sessionOf(tokens: UserAuthTokens): AuthSession {
  const claims = decodeJwtPayload(tokens.idToken);
  return { username: claims['cognito:username'] ?? claims.sub, idToken: tokens.idToken };
}
