/** The tokens of a signed-in user; `expiresAt` (ms since the epoch) is when the ID and access tokens lapse. */
export interface UserAuthTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
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
    expiresAt: now + result.ExpiresIn * 1000,
  };
}
