/**
 * The API's one CORS policy. `infra/` deploys it (the OPTIONS mock integration, the gateway
 * responses, the Lambda's headers) and the emulator enforces it, so neither is more generous
 * than the other.
 */

/** Headers every SigV4 client sends (aws4fetch, the AWS SDKs): without them no signed call passes. */
const SIGV4_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
  'X-Amz-User-Agent',
];

/**
 * The app's own request headers: the ones the demo's tests send. A browser refuses any other
 * custom header at the preflight, so add yours here before you deploy.
 */
export const CORS_APP_HEADERS: readonly string[] = ['X-App', 'X-App-Version', 'X-Trace'];

/** Request headers a preflight allows; any other custom header is refused by the browser. */
export const CORS_ALLOWED_HEADERS: readonly string[] = [...SIGV4_HEADERS, ...CORS_APP_HEADERS];

/** Response headers scripts may read: the date for clock-skew correction, the error type, the id. */
export const CORS_EXPOSED_HEADERS: readonly string[] = [
  'Date',
  'x-amzn-ErrorType',
  'x-amzn-RequestId',
];

/** Methods a preflight allows: every method the routes use (CDK's default list). */
export const CORS_ALLOWED_METHODS: readonly string[] = [
  'OPTIONS',
  'GET',
  'PUT',
  'POST',
  'DELETE',
  'PATCH',
  'HEAD',
];

/** Browsers cache a preflight this long (seconds); Chromium caps it at 7200 anyway. */
export const CORS_MAX_AGE_SECONDS = 600;

/** What the OPTIONS mock integration answers with (CDK's default for a preflight). */
export const CORS_PREFLIGHT_STATUS = 204;

/** API Gateway's own error answers that carry CORS headers, so the worker can read its 403s. */
export const CORS_GATEWAY_RESPONSES: readonly GatewayResponseType[] = [
  'DEFAULT_4XX',
  'DEFAULT_5XX',
];

/** The two catch-all gateway responses of API Gateway. */
export type GatewayResponseType = 'DEFAULT_4XX' | 'DEFAULT_5XX';

/** `scheme://host[:port]` exactly, or with `:*` for any port (emulator only). */
const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(:(\d{1,5}|\*))?$/;

/**
 * Checks a list of allowed origins: each an exact origin (`https://app.example.com`), or with
 * `:*` for any port; never `*`, which browsers refuse with credentials.
 */
export function checkAllowedOrigins(origins: readonly string[]): string[] {
  if (origins.length === 0) throw new TypeError('At least one allowed origin is required');
  for (const origin of origins) {
    if (!ORIGIN_PATTERN.test(origin)) {
      throw new TypeError(
        `Allowed origin "${origin}" must look like https://host or http://host:port (lowercase, no path, no "*" host)`,
      );
    }
  }
  return [...origins];
}

/** Whether the request's Origin is one the policy allows. */
export function isAllowedOrigin(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  return allowed.some((entry) =>
    entry.endsWith(':*')
      ? origin.startsWith(entry.slice(0, -1)) && /^\d{1,5}$/.test(origin.slice(entry.length - 1))
      : origin === entry,
  );
}

/** CORS headers on the API's own answers (the Lambda, the emulator's routes): an allowed origin only. */
export function responseCorsHeaders(
  origin: string | undefined,
  allowed: readonly string[],
): Record<string, string> {
  // The answer differs by Origin, so shared caches must key on it even when it is refused.
  if (!isAllowedOrigin(origin, allowed)) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': origin!,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': CORS_EXPOSED_HEADERS.join(', '),
    Vary: 'Origin',
  };
}

/**
 * The preflight answer, as the OPTIONS mock integration gives it: fixed lists whatever was asked,
 * so the browser itself refuses a header or method outside them; an unknown origin gets no
 * `Access-Control-Allow-Origin` (AWS answers with another origin, refused all the same).
 */
export function preflightCorsHeaders(
  origin: string | undefined,
  allowed: readonly string[],
): Record<string, string> {
  return {
    ...responseCorsHeaders(origin, allowed),
    'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS.join(','),
    'Access-Control-Allow-Methods': CORS_ALLOWED_METHODS.join(','),
    'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
  };
}

/** The gateway response API Gateway uses for one of its own errors. */
export function gatewayResponseType(status: number): GatewayResponseType {
  return status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
}

/**
 * CORS headers on API Gateway's own errors (403 auth failures, 413, 502…). A gateway response can
 * only map headers, not test them, so it echoes the request's Origin whatever it is; these
 * answers carry no user data.
 */
export function gatewayCorsHeaders(
  origin: string | undefined,
  status: number,
): Record<string, string> {
  if (!CORS_GATEWAY_RESPONSES.includes(gatewayResponseType(status))) return {};
  return {
    ...(origin ? { 'Access-Control-Allow-Origin': origin } : {}),
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': CORS_EXPOSED_HEADERS.join(', '),
    Vary: 'Origin',
  };
}

/**
 * CORS the service itself answers (a Lambda Function URL's `Cors`, an HTTP API's
 * `corsConfiguration`): it answers every preflight, adds these headers to every answer, and
 * ignores the function's own.
 */
export interface ServiceCors {
  allowOrigins: string[];
  allowHeaders: string[];
  allowMethods: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  /** Seconds; both services default to none, a preflight before every signed request. */
  maxAge: number;
}

/** The one policy as a service's own CORS setting, for `infra/` to deploy and the emulator to enforce. */
export function serviceCors(allowedOrigins: readonly string[]): ServiceCors {
  return {
    allowOrigins: checkAllowedOrigins(allowedOrigins),
    allowHeaders: [...CORS_ALLOWED_HEADERS],
    // The service answers the preflight itself; a Function URL's AllowMethods cannot even name OPTIONS.
    allowMethods: CORS_ALLOWED_METHODS.filter((method) => method !== 'OPTIONS'),
    exposeHeaders: [...CORS_EXPOSED_HEADERS],
    allowCredentials: true,
    maxAge: CORS_MAX_AGE_SECONDS,
  };
}
