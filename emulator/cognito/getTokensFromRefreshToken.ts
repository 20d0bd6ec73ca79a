import { requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';

/**
 * GetTokensFromRefreshToken, as an app client with refresh-token rotation off: new ID and access
 * tokens, no new refresh token (request and response shapes from the API reference and the SDK's
 * model; refusals are REFRESH_TOKEN_AUTH's texts). Rotation is not built yet.
 */
export function getTokensFromRefreshToken(pool: UserPool, input: Input) {
  const refreshToken = requireString(input, 'RefreshToken', 'InvalidParameterException');
  const clientId = requireString(input, 'ClientId', 'InvalidParameterException');
  pool.checkClientId(clientId);
  return { AuthenticationResult: pool.refresh(refreshToken) };
}
