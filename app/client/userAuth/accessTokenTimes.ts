import { fromBase64url } from '../../../shared/base64url.ts';

/**
 * The `exp` and `iat` (seconds) of an access token, or undefined when it is not a JWT with a
 * numeric `exp`. Cognito's access tokens are JWTs whose lifetime (AccessTokenValidity, 5 minutes to a
 * day) an app client sets apart from the ID token's (IdTokenValidity, API reference TokenValidityUnitsType).
 */
export function accessTokenTimes(accessToken: string): { exp: number; iat?: number } | undefined {
  const parts = accessToken.split('.');
  if (parts.length !== 3) return undefined;
  let claims: { exp?: unknown; iat?: unknown };
  try {
    claims = JSON.parse(new TextDecoder().decode(fromBase64url(parts[1]!))) as typeof claims;
  } catch {
    // Not base64url JSON: an opaque token, which the keeper then judges by the ID token alone.
    return undefined;
  }
  const { exp, iat } = claims ?? {};
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  return typeof iat === 'number' && Number.isFinite(iat) ? { exp, iat } : { exp };
}
