import { decodeJwtPayload } from '../../../shared/jwt.ts';
import type { AuthSession } from '../auth/CognitoAuth.ts';
import type { SessionTokens } from './SessionSnapshot.ts';

/**
 * The tokens of a signed-in user; `expiresAt` (ms since the epoch, on this device's clock) is when
 * the ID token lapses: its `exp` less the offset of Cognito's clock learnt when it arrived.
 */
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

/** Reads an `AuthenticationResult` into the tokens a session keeps. */
export function tokensFrom(result: AuthenticationResult): SessionTokens {
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken ?? '',
  };
}

/** The user and ID token of a signed-in session, as `CognitoAuth` reports a session. */
export function sessionOf(idToken: string): AuthSession {
  const claims = decodeJwtPayload(idToken);
  return { username: claims['cognito:username'] ?? claims.sub, idToken };
}
