import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity';
import type { SigningConfig } from '../../shared/config.ts';
import { classifyIdentityError } from '../signing/classifyIdentityError.ts';
import { IdentityError, type IdentityApi } from '../signing/IdentityApi.ts';
import { DEFAULT_REFRESH_POLICY, type RefreshPolicy } from '../signing/refreshPolicy.ts';

/** Injectable parts of the SDK-based Identity Pool client. */
export interface AwsSdkIdentityOptions {
  /** Timeout per attempt and attempts (the SDK retries, with its own backoff); the defaults when absent. */
  policy?: Pick<RefreshPolicy, 'identityTimeoutMs' | 'identityAttempts'>;
}

/** An `IdentityApi` backed by @aws-sdk/client-cognito-identity, for a worker that carries the SDK anyway. */
export function awsSdkIdentity(
  config: SigningConfig,
  options: AwsSdkIdentityOptions = {},
): IdentityApi {
  const policy = options.policy ?? DEFAULT_REFRESH_POLICY;
  let onServerTime: ((serverTimeMs: number) => void) | undefined;
  let client: CognitoIdentityClient | undefined;
  // Made at the first call: a worker restarted with valid credentials in IndexedDB needs no
  // Cognito call, so its start skips building the SDK client's middleware and configuration.
  const identityClient = (): CognitoIdentityClient => {
    if (client) return client;
    client = new CognitoIdentityClient({
      region: config.region,
      endpoint: config.cognitoIdentityEndpoint || undefined,
      maxAttempts: policy.identityAttempts,
      // The browser's fetch handler rejects at the timeout; Node's only warns unless told to throw.
      requestHandler: {
        requestTimeout: policy.identityTimeoutMs,
        throwOnRequestTimeout: true,
      },
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
      if (!output.IdentityId) {
        throw new IdentityError('unavailable', 'Cognito GetId returned no IdentityId.');
      }
      return output.IdentityId;
    },
    async getCredentials(identityId, logins) {
      const output = await call('GetCredentialsForIdentity', () =>
        identityClient().send(
          new GetCredentialsForIdentityCommand({ IdentityId: identityId, Logins: logins }),
        ),
      );
      const c = output.Credentials;
      const expiration = c?.Expiration?.getTime();
      if (!c?.AccessKeyId || !c.SecretKey || !c.SessionToken || !Number.isFinite(expiration)) {
        throw new IdentityError(
          'unavailable',
          'Cognito GetCredentialsForIdentity returned incomplete credentials.',
        );
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretKey,
        sessionToken: c.SessionToken,
        expiration: expiration!,
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
function classify(operation: string, error: unknown): IdentityError {
  const type = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const { $fault, $metadata } = error as {
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
  };
  // Only a service error is Cognito's verdict; anything else (a timeout, a body the SDK could not
  // parse, even with a 200) is a transport failure, so it carries no status and counts as transient.
  const status = $fault ? $metadata?.httpStatusCode : undefined;
  return classifyIdentityError(operation, { type, status, message }, error);
}
