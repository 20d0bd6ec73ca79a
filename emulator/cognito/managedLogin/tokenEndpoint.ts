import { createHash } from 'node:crypto';
import { CognitoServiceError } from '../CognitoServiceError.ts';
import type { UserPool } from '../UserPool.ts';
import type { AuthorizationCodes } from './AuthorizationCodes.ts';

/** An OAuth error of the token endpoint; Cognito sends the code alone, with no description. */
export type TokenError =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type';

/** The token endpoint's answer: 200 with tokens, or 400 with `{"error": ...}`. */
export type TokenAnswer =
  | { status: 200; body: Record<string, string | number> }
  | { status: 400; body: { error: TokenError } };

const fail = (error: TokenError): TokenAnswer => ({ status: 400, body: { error } });

/** RFC 7636 4.6: BASE64URL(SHA256(ASCII(code_verifier))). */
function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 7636 4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Answers `POST /oauth2/token` (grant types `authorization_code` and `refresh_token`) for the
 * emulator's public app client (no secret), as Cognito's token endpoint docs describe.
 */
export function tokenEndpoint(
  pool: UserPool,
  codes: AuthorizationCodes,
  form: URLSearchParams,
  authorization: string | undefined,
): TokenAnswer {
  const grantType = form.get('grant_type');
  if (!grantType) return fail('invalid_request');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return fail(
      grantType === 'client_credentials' ? 'unauthorized_client' : 'unsupported_grant_type',
    );
  }
  // The app client has no secret: Basic credentials can only be wrong.
  if (authorization !== undefined) return fail('invalid_client');
  const clientId = form.get('client_id');
  if (!clientId) return fail('invalid_request');
  if (clientId !== pool.state.settings.clientId) return fail('invalid_client');
  return grantType === 'authorization_code'
    ? redeemCode(pool, codes, form, clientId)
    : refresh(pool, form, clientId);
}

function redeemCode(
  pool: UserPool,
  codes: AuthorizationCodes,
  form: URLSearchParams,
  clientId: string,
): TokenAnswer {
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  if (!code || !redirectUri) return fail('invalid_request');
  const grant = codes.take(code);
  if (!grant || grant.clientId !== clientId || grant.redirectUri !== redirectUri) {
    return fail('invalid_grant');
  }
  if (grant.codeChallenge !== undefined) {
    const verifier = form.get('code_verifier') ?? '';
    // An AWS support answer (re:Post, "cognito returns invalid request and unauthorized client")
    // reports invalid_request for a verifier that does not match, then invalid_grant on retry.
    if (!VERIFIER.test(verifier) || s256(verifier) !== grant.codeChallenge) {
      return fail('invalid_request');
    }
  }
  const user = pool.store.get(grant.username);
  if (!user?.confirmed) return fail('invalid_grant');
  const result = pool.startSession(user, clientId, {
    scope: grant.scope,
    ...(grant.nonce !== undefined && { nonce: grant.nonce }),
  });
  const openid = grant.scope.split(' ').includes('openid');
  return {
    status: 200,
    body: {
      // Cognito returns an ID token only for the openid scope.
      ...(openid && { id_token: result.IdToken }),
      access_token: result.AccessToken,
      refresh_token: result.RefreshToken ?? '',
      expires_in: result.ExpiresIn,
      token_type: 'Bearer',
    },
  };
}

function refresh(pool: UserPool, form: URLSearchParams, clientId: string): TokenAnswer {
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return fail('invalid_request');
  try {
    const result = pool.refresh(refreshToken, clientId);
    const scope = pool.store.session(refreshToken)?.scope;
    const openid = scope === undefined || scope.split(' ').includes('openid');
    // Like REFRESH_TOKEN_AUTH: new ID and access tokens, the same refresh token.
    return {
      status: 200,
      body: {
        ...(openid && { id_token: result.IdToken }),
        access_token: result.AccessToken,
        expires_in: result.ExpiresIn,
        token_type: 'Bearer',
      },
    };
  } catch (error) {
    // Unknown, revoked or expired: the token endpoint says only invalid_grant.
    if (error instanceof CognitoServiceError) return fail('invalid_grant');
    throw error;
  }
}
