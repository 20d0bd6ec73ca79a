import { AuthError, toAuthError } from '../auth/AuthError.ts';

/** Each refresh gives up after this long, so a hanging Cognito cannot hang `token-needed`. */
const REQUEST_TIMEOUT_MS = 8_000;
/** The AWS JSON 1.1 protocol: every operation is a POST of this type to `/`, named by `X-Amz-Target`. */
const AMZ_JSON = 'application/x-amz-json-1.1';
/** The User Pool API's service prefix in `X-Amz-Target`. */
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
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
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
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
  const endpoint = config.cognitoIdpEndpoint
    ? `${config.cognitoIdpEndpoint.replace(/\/$/, '')}/`
    : `https://cognito-idp.${config.region}.amazonaws.com/`;
  const memo = options.memo ?? PAGE_MEMO;
  const key = `${endpoint} ${config.userPoolClientId}`;
  const call = (operation: string, body: Json) => callUserPool(endpoint, operation, body, options);
  // GetTokensFromRefreshToken first: AWS documents that it works on every app client, rotating or
  // not, while REFRESH_TOKEN_AUTH is refused on rotating ones with a text AWS does not document.
  // So the one well-defined signal is the endpoint not knowing the operation at all.
  if (memo.get(key) !== 'REFRESH_TOKEN_AUTH') {
    try {
      const out = await call('GetTokensFromRefreshToken', {
        RefreshToken: refreshToken,
        ClientId: config.userPoolClientId,
      });
      memo.set(key, 'GetTokensFromRefreshToken');
      return toRefreshed(out, refreshToken, 'GetTokensFromRefreshToken');
    } catch (error) {
      if (!(error instanceof CognitoCallError) || !UNSUPPORTED_OPERATION.has(error.type)) {
        throw toRefreshError(error);
      }
      memo.set(key, 'REFRESH_TOKEN_AUTH');
    }
  }
  try {
    const out = await call('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: config.userPoolClientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    return toRefreshed(out, refreshToken, 'REFRESH_TOKEN_AUTH');
  } catch (error) {
    throw toRefreshError(error);
  }
}

/** A Cognito error answer: its `__type` (without any namespace) and message. */
class CognitoCallError extends Error {
  override name = 'CognitoCallError' as const;
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }

  /** amazon-cognito-identity-js puts the type in `code`; `toAuthError` reads it from there. */
  get code(): string {
    return this.type;
  }
}

async function callUserPool(
  endpoint: string,
  operation: string,
  body: Json,
  options: RefreshOptions,
): Promise<Json> {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  let response: Response;
  let text: string;
  try {
    // One attempt only: under rotation a request that reached Cognito has spent the token, and
    // resending it after the grace period signs the user out; the caller decides what to retry.
    response = await send(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': AMZ_JSON, 'X-Amz-Target': TARGET_PREFIX + operation },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (cause) {
    throw new AuthError('network', "Can't reach the sign-in service; check your connection.", {
      cause,
    });
  }
  let json: Json = {};
  try {
    json = text.trim() === '' ? {} : (JSON.parse(text) as Json);
  } catch {
    // A proxy's HTML error page: reported below by status, the body is worth nothing.
  }
  if (response.ok) return json;
  // `__type` may carry a namespace ("com.amazonaws...#NotAuthorizedException") on some endpoints.
  const type = String(json.__type ?? response.headers.get('x-amzn-ErrorType') ?? '')
    .split(':')[0]!
    .split('#')
    .pop()!;
  const message = String(json.message ?? json.Message ?? `HTTP ${response.status}`);
  throw new CognitoCallError(type || `HTTP${response.status}`, message);
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
  if (error instanceof CognitoCallError && SESSION_ENDED.has(error.type)) {
    return new AuthError('not-signed-in', 'Your session has ended; sign in again.', {
      cause: error,
    });
  }
  return toAuthError(error);
}
