import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity';
import type { SigningConfig } from '../../shared/config.ts';
import { SigningError } from '../../shared/errors.ts';

/** The two Identity Pool calls the worker makes; injectable so tests can count or fake them. */
export interface IdentityApi {
  /** Returns the identity id for the logins (a guest identity when `logins` is empty). */
  getId(logins: Record<string, string>): Promise<string>;
  /** Returns fresh temporary credentials for an identity. */
  getCredentials(identityId: string, logins: Record<string, string>): Promise<AwsCredentials>;
  /** Calls `listener` with AWS's time from every answer Cognito gives (its `Date` header). */
  observeServerTime?(listener: (serverTimeMs: number) => void): void;
}

/** Temporary AWS credentials as the Identity Pool issues them; `expiration` in epoch milliseconds. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
}

/** A Cognito Identity error, classified so the caller knows whether to refresh, re-identify or back off. */
export class IdentityError extends SigningError {
  override name = 'IdentityError' as const;
  /** `token`: Cognito refused the login (NotAuthorized); `identity`: the identity is unknown; `unavailable`: try later. */
  readonly reason: 'token' | 'identity' | 'unavailable' | 'rejected';

  constructor(reason: IdentityError['reason'], message: string, options?: ErrorOptions) {
    super(reason === 'unavailable' ? 'cognito-unavailable' : 'cognito-rejected', message, options);
    this.reason = reason;
  }
}

/** Each Identity Pool call gives up after this long, so a hanging Cognito cannot hang requests. */
const REQUEST_TIMEOUT_MS = 8_000;
/** One retry inside the SDK; the credential manager backs off between refreshes on top of it. */
const MAX_ATTEMPTS = 2;

/** The `Logins` key for tokens of a User Pool. */
export function loginsKey(region: string, userPoolId: string): string {
  return `cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** An `IdentityApi` backed by @aws-sdk/client-cognito-identity. */
export function createIdentityApi(config: SigningConfig): IdentityApi {
  let onServerTime: ((serverTimeMs: number) => void) | undefined;
  let client: CognitoIdentityClient | undefined;
  // Made at the first call: a worker restarted with valid credentials in IndexedDB needs no
  // Cognito call, so its start skips building the SDK client's middleware and configuration.
  const identityClient = (): CognitoIdentityClient => {
    if (client) return client;
    client = new CognitoIdentityClient({
      region: config.region,
      endpoint: config.cognitoIdentityEndpoint,
      maxAttempts: MAX_ATTEMPTS,
      requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS },
    });
    // Innermost (low priority in the deserialize step): sees the raw HTTP answer of every attempt,
    // errors included, so even a refused sign-in teaches the worker AWS's time.
    client.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const headers = (result.response as { headers?: Record<string, string> }).headers;
        const time = Date.parse(headers?.date ?? '');
        if (Number.isFinite(time)) onServerTime?.(time);
        return result;
      },
      { step: 'deserialize', priority: 'low', name: 'serverTimeMiddleware' },
    );
    return client;
  };
  return {
    observeServerTime(listener) {
      onServerTime = listener;
    },
    async getId(logins) {
      const output = await call('GetId', () =>
        identityClient().send(
          new GetIdCommand({ IdentityPoolId: config.identityPoolId, Logins: logins }),
        ),
      );
      if (!output.IdentityId)
        throw new IdentityError('unavailable', 'GetId returned no IdentityId.');
      return output.IdentityId;
    },
    async getCredentials(identityId, logins) {
      const output = await call('GetCredentialsForIdentity', () =>
        identityClient().send(
          new GetCredentialsForIdentityCommand({ IdentityId: identityId, Logins: logins }),
        ),
      );
      const c = output.Credentials;
      if (!c?.AccessKeyId || !c.SecretKey || !c.SessionToken || !c.Expiration) {
        throw new IdentityError(
          'unavailable',
          'GetCredentialsForIdentity returned incomplete credentials.',
        );
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration.getTime(),
      };
    },
  };
}

async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw classify(operation, error);
  }
}

/** Maps an SDK error to an `IdentityError`; messages never include the token. */
export function classify(operation: string, error: unknown): IdentityError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const text = `Cognito ${operation} failed: ${name}: ${message}`;
  if (name === 'NotAuthorizedException') {
    // The login was refused: expired ("Invalid login token. Token expired: …"), or not valid
    // (e.g. a forged `token` reply); either way a fresh ID token from the page is the cure.
    return new IdentityError('token', text, { cause: error });
  }
  if (name === 'ResourceNotFoundException' && operation === 'GetCredentialsForIdentity') {
    return new IdentityError('identity', text, { cause: error });
  }
  const retryable =
    status === undefined ||
    status >= 500 ||
    status === 429 ||
    [
      'TooManyRequestsException',
      'LimitExceededException',
      'InternalErrorException',
      'TimeoutError',
    ].includes(name);
  return new IdentityError(retryable ? 'unavailable' : 'rejected', text, { cause: error });
}
