import { AuthError, toAuthError } from '../auth/AuthError.ts';
import { callUserPool, userPoolEndpoint, type UserPoolFetch } from './callUserPool.ts';
import { cognitoErrorType } from './userPoolError.ts';

/** Each refresh gives up after this long, so a hanging Cognito cannot hang `token-needed`. */
const REQUEST_TIMEOUT_MS = 8_000;
/**
 * Errors after which GetTokensFromRefreshToken is not tried again on this endpoint and client:
 * `UnknownOperationException` is the AWS JSON protocol's answer to a target the service does not
 * know (an endpoint from before April 2025: older emulators, proxies); `OperationNotEnabledException`
 * is Cognito's "not available in the current region or for the current user pool configuration".
 */
const UNSUPPORTED_OPERATION = new Set([
  'UnknownOperationException',
  'OperationNotEnabledException',
]);
/**
 * Refusals that mean the refresh token can never work again: unknown, expired, revoked (sign-out,
 * RevokeToken), rotated out after its grace period, or its user is gone.
 */
const SESSION_ENDED = new Set([
  'NotAuthorizedException',
  'RefreshTokenReuseException',
  'UserNotFoundException',
]);

/** The two ways to spend a refresh token. */
export type RefreshOperation = 'GetTokensFromRefreshToken' | 'REFRESH_TOKEN_AUTH';

/** Which operation works, per endpoint and app client, once learnt. */
export type RefreshMemo = Map<string, RefreshOperation>;

/** The settings a refresh needs (a `SigningConfig` has them all). */
export interface RefreshConfig {
  region: string;
  userPoolClientId: string;
  /** Endpoint override for the User Pool API (an emulator); absent = real AWS. */
  cognitoIdpEndpoint?: string | undefined;
}

/** Injectable parts of `refreshTokens`. */
export interface RefreshOptions {
  fetch?: UserPoolFetch;
  /** Where the learnt operation is kept; a map shared by the whole page by default. */
  memo?: RefreshMemo;
  timeoutMs?: number;
}

/** What a refresh gives back; `refreshToken` is the new one under rotation, else the one spent. */
export interface RefreshedTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** Whether Cognito issued a new refresh token (the app client rotates them). */
  rotated: boolean;
  /** Lifetime of the ID and access tokens, seconds, as Cognito reported it. */
  expiresIn: number;
  operation: RefreshOperation;
}

/** The page-wide default memo: every keeper of the same client learns the operation once. */
const PAGE_MEMO: RefreshMemo = new Map();

type Json = Record<string, unknown>;

/**
 * Spends a refresh token for new tokens, with GetTokensFromRefreshToken unless the endpoint does
 * not know it, then with InitiateAuth `REFRESH_TOKEN_AUTH` (and remembers which worked).
 */
export async function refreshTokens(
  refreshToken: string,
  config: RefreshConfig,
  options: RefreshOptions = {},
): Promise<RefreshedTokens> {
  if (typeof refreshToken !== 'string' || refreshToken === '') {
    throw new TypeError('refreshToken must be a non-empty string');
  }
  const memo = options.memo ?? PAGE_MEMO;
  const key = `${userPoolEndpoint(config)} ${config.userPoolClientId}`;
  // One attempt only: under rotation a request that reached Cognito has spent the token, and
  // resending it after the grace period signs the user out; the caller decides what to retry.
  const call = callUserPool(config, options.fetch, options.timeoutMs ?? REQUEST_TIMEOUT_MS);
  // GetTokensFromRefreshToken first: AWS documents that it works on every app client, rotating or
  // not, while REFRESH_TOKEN_AUTH is refused on rotating ones with a text AWS does not document.
  // So the one well-defined signal is the endpoint not knowing the operation at all.
  if (memo.get(key) !== 'REFRESH_TOKEN_AUTH') {
    try {
      const out = await call<Json>('GetTokensFromRefreshToken', {
        RefreshToken: refreshToken,
        ClientId: config.userPoolClientId,
      });
      memo.set(key, 'GetTokensFromRefreshToken');
      return toRefreshed(out, refreshToken, 'GetTokensFromRefreshToken');
    } catch (error) {
      if (!UNSUPPORTED_OPERATION.has(cognitoErrorType(error) ?? '')) {
        throw toRefreshError(error);
      }
      memo.set(key, 'REFRESH_TOKEN_AUTH');
    }
  }
  try {
    const out = await call<Json>('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: config.userPoolClientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    return toRefreshed(out, refreshToken, 'REFRESH_TOKEN_AUTH');
  } catch (error) {
    throw toRefreshError(error);
  }
}

function toRefreshed(out: Json, spent: string, operation: RefreshOperation): RefreshedTokens {
  const result = (out.AuthenticationResult ?? {}) as Json;
  const { IdToken, AccessToken, RefreshToken, ExpiresIn } = result;
  if (typeof IdToken !== 'string' || typeof AccessToken !== 'string') {
    throw new AuthError('unknown', `${operation} answered without ID and access tokens.`);
  }
  const rotated = typeof RefreshToken === 'string' && RefreshToken !== '';
  return {
    idToken: IdToken,
    accessToken: AccessToken,
    refreshToken: rotated ? RefreshToken : spent,
    rotated,
    expiresIn: typeof ExpiresIn === 'number' ? ExpiresIn : 0,
    operation,
  };
}

function toRefreshError(error: unknown): AuthError {
  if (SESSION_ENDED.has(cognitoErrorType(error) ?? '')) {
    return new AuthError('not-signed-in', 'Your session has ended; sign in again.', {
      cause: error,
    });
  }
  return toAuthError(error);
}
