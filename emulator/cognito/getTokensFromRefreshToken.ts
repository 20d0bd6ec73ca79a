import { requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';

/**
 * GetTokensFromRefreshToken: new ID and access tokens; at an app client with refresh token rotation on,
 * a new refresh token too (request and response shapes from the API reference and the SDK's model).
 * ClientSecret, DeviceKey and ClientMetadata are ignored: the emulator's clients have no secret,
 * devices or triggers.
 */
export function getTokensFromRefreshToken(pool: UserPool, input: Input) {
  const refreshToken = requireString(input, 'RefreshToken', 'InvalidParameterException');
  const clientId = requireString(input, 'ClientId', 'InvalidParameterException');
  pool.checkClientId(clientId);
  const AuthenticationResult = pool.rotates(clientId)
    ? pool.rotate(refreshToken, clientId)
    : pool.refresh(refreshToken, clientId);
  return { AuthenticationResult };
}
