import type { EmulatorState } from '../EmulatorState.ts';
import { CognitoServiceError } from './CognitoServiceError.ts';
import { decodeJwt, verifyJwt } from './jwt.ts';
import type { SigningKey } from './SigningKey.ts';

/** The login a token proves: its provider (the Logins key) and subject. */
export interface VerifiedLogin {
  provider: string;
  sub: string;
}

function invalid(reason: string): CognitoServiceError {
  return new CognitoServiceError('NotAuthorizedException', `Invalid login token. ${reason}`);
}

function unsupported(): CognitoServiceError {
  return new CognitoServiceError(
    'NotAuthorizedException',
    'Token is not from a supported provider of this identity pool.',
  );
}

/**
 * Checks one Logins entry the way the Identity Pool checks a User Pool ID token, with its error texts:
 * the issuer must be the Logins key, the key the pool's one provider, the signature the pool's key,
 * `aud` the app client, `token_use` id, and `exp` in the future on the emulator's clock.
 */
export function verifyLoginToken(
  state: EmulatorState,
  key: Pick<SigningKey, 'kid' | 'publicKey'>,
  provider: string,
  token: string,
): VerifiedLogin {
  const { region, userPoolId, clientId, rotatingClientId } = state.settings;
  const decoded = decodeJwt(token);
  if (!decoded) throw invalid('Not a valid OpenId Connect identity token.');
  const { claims } = decoded;
  if (claims.iss !== `https://${provider}`) throw invalid("Issuer doesn't match providerName");
  if (provider !== `cognito-idp.${region}.amazonaws.com/${userPoolId}`) throw unsupported();
  if (!verifyJwt(token, key).ok) throw invalid("Couldn't verify signed token.");
  if (claims.aud === undefined) throw invalid('Missing a required claim: aud');
  // A provider entry is the pair (user pool, app client), and this Identity Pool lists the pool's two
  // app clients: a token for any other client is "not from a supported provider", as Cognito answers.
  if (claims.aud !== clientId && claims.aud !== rotatingClientId) throw unsupported();
  if (
    claims.token_use !== 'id' ||
    typeof claims.sub !== 'string' ||
    typeof claims.exp !== 'number'
  ) {
    throw invalid('Not a valid OpenId Connect identity token.');
  }
  const nowSeconds = Math.floor(state.now() / 1000);
  if (nowSeconds >= claims.exp) throw invalid(`Token expired: ${nowSeconds} >= ${claims.exp}`);
  return { provider, sub: claims.sub };
}
