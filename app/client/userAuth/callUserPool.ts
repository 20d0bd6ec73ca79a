import { networkError, userPoolError } from './userPoolError.ts';

/** Where a User Pool lives and which app client signs in to it (fields as in the shared config). */
export interface UserPoolConfig {
  region: string;
  userPoolId: string;
  /** An app client without a secret. */
  userPoolClientId: string;
  /** Endpoint override for the User Pool API (an emulator); absent = real AWS. */
  cognitoIdpEndpoint?: string;
}

/** How the User Pool API is reached: `fetch`'s signature, narrowed to what the callers pass. */
export type UserPoolFetch = (input: string, init: RequestInit) => Promise<Response>;

/** One User Pool API operation: its name and JSON body in, the parsed JSON answer out. */
export type UserPoolCall = <T = Record<string, unknown>>(
  operation: string,
  body: Record<string, unknown>,
) => Promise<T>;

/** The service name in `X-Amz-Target`; the API is AWS JSON 1.1 with every operation POSTed to `/`. */
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/** The User Pool API endpoint: the configured override, or the region's public one. */
export function userPoolEndpoint(
  config: Pick<UserPoolConfig, 'region' | 'cognitoIdpEndpoint'>,
): string {
  return config.cognitoIdpEndpoint || `https://cognito-idp.${config.region}.amazonaws.com/`;
}

/**
 * Makes a caller of the User Pool API that answers JSON or throws an `AuthError` (the Cognito error
 * type, if any, in its `cause`: see `cognitoErrorType`); each call gives up after `timeoutMs` when set.
 */
export function callUserPool(
  config: Pick<UserPoolConfig, 'region' | 'cognitoIdpEndpoint'>,
  fetchImpl: UserPoolFetch = (input, init) => fetch(input, init),
  timeoutMs?: number,
): UserPoolCall {
  const endpoint = userPoolEndpoint(config);
  return async <T>(operation: string, body: Record<string, unknown>): Promise<T> => {
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': TARGET_PREFIX + operation,
        },
        body: JSON.stringify(body),
        // Sign-in answers carry tokens: never serve one from or store one in the HTTP cache.
        cache: 'no-store',
        ...(timeoutMs !== undefined && { signal: AbortSignal.timeout(timeoutMs) }),
      });
      text = await response.text();
    } catch (cause) {
      throw networkError(cause);
    }
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = undefined; // A proxy's or load balancer's HTML page: handled below.
    }
    if (response.ok && json) return json as T;
    const type = json?.__type ?? response.headers.get('x-amzn-ErrorType');
    if (typeof type !== 'string' || !type) {
      throw networkError(
        new Error(`${operation} answered HTTP ${response.status} without an AWS error.`),
      );
    }
    const message = json?.message ?? json?.Message ?? response.headers.get('x-amzn-ErrorMessage');
    throw userPoolError(type, typeof message === 'string' ? message : '');
  };
}
