import type { SigningConfig } from '../../shared/config.ts';
import { classifyIdentityError, type IdentityFailure } from './classifyIdentityError.ts';
import { IdentityError, type AwsCredentials, type IdentityApi } from './IdentityApi.ts';
import { backoffDelay, DEFAULT_REFRESH_POLICY, type RefreshPolicy } from './refreshPolicy.ts';

/** Cognito's messages are one line; a proxy's HTML error page is not worth carrying further. */
const MAX_MESSAGE_CHARS = 300;
/** The AWS JSON 1.1 protocol: every operation is a POST of this type to `/`, named by `X-Amz-Target`. */
const AMZ_JSON = 'application/x-amz-json-1.1';

/** Injectable parts of the fetch-based Identity Pool client. */
export interface IdentityApiOptions {
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Timeout, attempts and retry pause (`identity*`); the defaults when absent. */
  policy?: Pick<RefreshPolicy, 'identityTimeoutMs' | 'identityAttempts' | 'identityRetryDelayMs'>;
}

type Json = Record<string, unknown>;

/** An `IdentityApi` that calls GetId and GetCredentialsForIdentity as two plain JSON POSTs. */
export function createIdentityApi(
  config: SigningConfig,
  options: IdentityApiOptions = {},
): IdentityApi {
  const endpoint =
    config.cognitoIdentityEndpoint || `https://cognito-identity.${config.region}.amazonaws.com/`;
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const policy = options.policy ?? DEFAULT_REFRESH_POLICY;
  const timeoutMs = policy.identityTimeoutMs;
  let onServerTime: ((serverTimeMs: number) => void) | undefined;

  async function attempt(operation: string, body: Json, secrets: string[]): Promise<Json> {
    let response: Response;
    let text: string;
    try {
      response = await send(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': AMZ_JSON,
          'X-Amz-Target': `AWSCognitoIdentityService.${operation}`,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Errors too: even a refused sign-in teaches the worker AWS's time.
      const time = Date.parse(response.headers.get('date') ?? '');
      if (Number.isFinite(time)) onServerTime?.(time);
      text = await response.text();
    } catch (error) {
      // No (whole) answer: the network failed, or the attempt ran out of time.
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const failure: IdentityFailure = timedOut
        ? { type: 'TimeoutError', message: `no answer within ${timeoutMs} ms` }
        : { type: 'NetworkError', message: error instanceof Error ? error.message : String(error) };
      throw classifyIdentityError(operation, failure, error);
    }
    const json = parseObject(text);
    if (!response.ok) throw classifyIdentityError(operation, failureOf(response, json, secrets));
    if (!json) {
      throw new IdentityError(
        'unavailable',
        `Cognito ${operation} answered ${response.status} with a body that is not a JSON object.`,
      );
    }
    return json;
  }

  async function call(operation: string, body: Json, logins: Record<string, string>) {
    const secrets = Object.values(logins).filter(Boolean);
    for (let attempts = 1; ; attempts++) {
      try {
        return await attempt(operation, body, secrets);
      } catch (error) {
        // Only a transient failure is retried: a refused token stays refused.
        if (!(error instanceof IdentityError && error.reason === 'unavailable')) throw error;
        if (attempts >= policy.identityAttempts) throw error;
        const pause = backoffDelay(
          attempts,
          policy.identityRetryDelayMs,
          policy.identityRetryDelayMs,
        );
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  return {
    observeServerTime(listener) {
      onServerTime = listener;
    },
    async getId(logins) {
      const output = await call(
        'GetId',
        { IdentityPoolId: config.identityPoolId, Logins: logins },
        logins,
      );
      if (typeof output.IdentityId !== 'string' || !output.IdentityId) {
        throw new IdentityError('unavailable', 'Cognito GetId returned no IdentityId.');
      }
      return output.IdentityId;
    },
    async getCredentials(identityId, logins) {
      const output = await call(
        'GetCredentialsForIdentity',
        { IdentityId: identityId, Logins: logins },
        logins,
      );
      const credentials = toCredentials(output.Credentials);
      if (!credentials) {
        throw new IdentityError(
          'unavailable',
          'Cognito GetCredentialsForIdentity returned incomplete credentials.',
        );
      }
      return credentials;
    },
  };
}

function parseObject(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Json)
      : undefined;
  } catch {
    // Not JSON (a proxy's error page, a cut-off body): the caller reports what it expected.
    return undefined;
  }
}

/** AWS JSON errors name their type in `x-amzn-ErrorType` or `__type`, possibly namespaced (`…#Type`) or suffixed (`Type:…`). */
function failureOf(response: Response, json: Json | undefined, secrets: string[]): IdentityFailure {
  const raw =
    response.headers.get('x-amzn-errortype') ??
    stringField(json, 'code') ??
    stringField(json, '__type');
  const type = raw?.split(':')[0]?.split('#').pop()?.trim() || `HTTP ${response.status}`;
  let message =
    stringField(json, 'message') ??
    stringField(json, 'Message') ??
    response.headers.get('x-amzn-errormessage') ??
    `HTTP ${response.status}`;
  for (const secret of secrets) message = message.replaceAll(secret, '[token]');
  return { type, status: response.status, message: message.slice(0, MAX_MESSAGE_CHARS) };
}

function stringField(json: Json | undefined, key: string): string | undefined {
  const value = json?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** `Expiration` is epoch seconds, possibly fractional, in the JSON protocol. */
function toCredentials(value: unknown): AwsCredentials | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { AccessKeyId, SecretKey, SessionToken, Expiration } = value as Json;
  const seconds = typeof Expiration === 'string' ? Number(Expiration) : Expiration;
  if (typeof AccessKeyId !== 'string' || !AccessKeyId) return undefined;
  if (typeof SecretKey !== 'string' || !SecretKey) return undefined;
  if (typeof SessionToken !== 'string' || !SessionToken) return undefined;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretKey,
    sessionToken: SessionToken,
    expiration: Math.round(seconds * 1000),
  };
}
