import { awsHostTarget, type AwsHostTarget } from './awsHost.ts';
import { SigningError } from './errors.ts';

/** One API whose requests the worker signs, as resolved from the configuration. */
export interface SignedApi {
  /** The configured URL, normalised without a trailing slash, e.g. `https://abc.execute-api.us-east-1.amazonaws.com/dev`. */
  url: string;
  /** Exact origin requests must have. */
  origin: string;
  /** Path prefix requests must be under, on a segment boundary (`''` for the whole origin). */
  pathPrefix: string;
  /** SigV4 signing region. */
  region: string;
  /** SigV4 service name: `execute-api` (API Gateway), `lambda` (Function URLs), `appsync`. */
  service: string;
  /** Sign GET and HEAD in the query string (SigV4 presigned form) instead of headers. */
  signQuery: boolean;
  /** How signed reads use the browser's HTTP cache (`ApiConfig.httpCache`). */
  httpCache: HttpCacheMode;
  /** Send the browser's cookies with signed requests, as the app's `credentials` asks (`ApiConfig.forwardCookies`). */
  forwardCookies: boolean;
}

/**
 * `per-identity` (default): signed requests use the HTTP cache (and so the CORS preflight cache) as
 * the app asked, except that a read whose cached answer may be another identity's goes out with
 * `reload`. `no-store`: nothing signed is read from or stored in the HTTP cache, at the price of a
 * CORS preflight per request.
 */
export type HttpCacheMode = 'per-identity' | 'no-store';

/** Authentication flows the page may use with the User Pool. */
export type AuthFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';

/**
 * One API as written in the configuration. On AWS's own host names (`*.execute-api.{region}.amazonaws.com`,
 * `*.lambda-url.{region}.on.aws`, `*.appsync-api.{region}.amazonaws.com`) service and region come from
 * the host; anywhere else (a custom domain, an emulator) `service` is required and `region` defaults
 * to the configuration's.
 */
export interface ApiConfig {
  url: string;
  /** The SigV4 signing region; must match the host's when the host states one. */
  region?: string;
  /** The SigV4 service name: `execute-api` (REST and HTTP APIs), `lambda` (Function URLs), `appsync`. */
  service?: string;
  /**
   * Sign GET and HEAD in the query string, so that a read without custom headers is a CORS simple
   * request (no preflight). Off by default: API Gateway documents query signing only for WebSocket
   * APIs (README, "Query-signed reads").
   */
  signQuery?: boolean;
  /** `per-identity` by default; `no-store` keeps every signed answer out of the HTTP cache. */
  httpCache?: HttpCacheMode;
  /**
   * Off by default: SigV4 needs no cookies, so signed requests go out with `credentials: 'omit'`,
   * and an app's `credentials: 'include'` works against an API whose CORS does not allow
   * credentials (API Gateway's "Enable CORS" default). On: the app's `credentials` is kept (an API
   * behind a cookie-checking proxy); the API's CORS must then allow credentials.
   */
  forwardCookies?: boolean;
}

/** The configuration both sides accept: a plain object, e.g. from `configFromEnv(import.meta.env)`. */
export interface SigningConfigInput {
  /** Region of the User Pool and the Identity Pool. */
  region: string;
  userPoolId: string;
  /** An app client without a secret. */
  userPoolClientId: string;
  identityPoolId: string;
  /** Every request under one of these URLs (exact origin, path prefix) is signed. */
  apis: readonly ApiConfig[];
  /** Endpoint override for the User Pool API (an emulator); absent = real AWS. */
  cognitoIdpEndpoint?: string;
  /** Endpoint override for the Identity Pool API (an emulator); absent = real AWS. */
  cognitoIdentityEndpoint?: string;
  /** `USER_SRP_AUTH` by default, as real Cognito. */
  authFlow?: AuthFlow;
  /** Sign with guest (unauthenticated) identity credentials while nobody is signed in. */
  guestAccess?: boolean;
}

/** The configuration after validation, with every default filled in. */
export interface SigningConfig extends SigningConfigInput {
  apis: SignedApi[];
  authFlow: AuthFlow;
  guestAccess: boolean;
}

/** Thrown when configuration is missing or malformed; `field` names the offending setting. */
export class ConfigError extends SigningError {
  override name = 'ConfigError' as const;
  /** The setting at fault, e.g. `apis[0].url` or `VITE_API_URL`. */
  readonly field: string;

  constructor(field: string, message: string, options?: ErrorOptions) {
    super('bad-config', `${field} ${message}`, options);
    this.field = field;
  }
}

/** The `VITE_*` variables `configFromEnv` reads (`import.meta.env` in both bundles). */
export type ConfigEnv = Record<string, string | boolean | undefined>;

/** API Gateway's SigV4 service name. */
const API_SERVICE = 'execute-api';
const AUTH_FLOWS: readonly AuthFlow[] = ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'];
const HTTP_CACHE_MODES: readonly HttpCacheMode[] = ['per-identity', 'no-store'];
/** What an API gets for the options it does not set. */
const API_DEFAULTS: ApiOptions = {
  signQuery: false,
  httpCache: 'per-identity',
  forwardCookies: false,
};

/** The per-API signing options, resolved. */
type ApiOptions = Pick<SignedApi, 'signQuery' | 'httpCache' | 'forwardCookies'>;
const REQUIRED_STRINGS = ['region', 'userPoolId', 'userPoolClientId', 'identityPoolId'] as const;

/** Configurations `resolveConfig` returned: passed in again, they are not checked twice. */
const RESOLVED = new WeakSet<object>();

/**
 * Validates a configuration object and fills in its defaults; throws a `ConfigError` naming the
 * field. A configuration it returned (e.g. `configFromEnv`'s) comes back as it is.
 */
export function resolveConfig(input: SigningConfigInput): SigningConfig {
  if (typeof input === 'object' && input !== null && RESOLVED.has(input)) {
    return input as SigningConfig;
  }
  // Frozen, so a configuration that skips the checks is still the one that passed them.
  const config = checkConfig(input);
  for (const api of config.apis) Object.freeze(api);
  Object.freeze(config.apis);
  RESOLVED.add(Object.freeze(config));
  return config;
}

function checkConfig(input: SigningConfigInput): SigningConfig {
  if (typeof input !== 'object' || input === null) {
    throw new ConfigError('config', 'must be an object.');
  }
  for (const field of REQUIRED_STRINGS) {
    if (typeof input[field] !== 'string' || input[field].trim() === '') {
      throw new ConfigError(field, 'is required (a non-empty string).');
    }
  }
  const region = input.region.trim();
  if (!Array.isArray(input.apis) || input.apis.length === 0) {
    throw new ConfigError('apis', 'needs at least one { url } to sign requests for.');
  }
  const apis = input.apis.map((api: ApiConfig, i) => {
    const field = `apis[${i}]`;
    if (typeof api !== 'object' || api === null || typeof api.url !== 'string') {
      throw new ConfigError(`${field}.url`, 'is required (a string).');
    }
    for (const key of ['region', 'service'] as const) {
      if (api[key] !== undefined && (typeof api[key] !== 'string' || api[key].trim() === '')) {
        throw new ConfigError(`${field}.${key}`, 'must be a non-empty string when set.');
      }
    }
    if (api.signQuery !== undefined && typeof api.signQuery !== 'boolean') {
      throw new ConfigError(`${field}.signQuery`, 'must be a boolean when set.');
    }
    if (api.forwardCookies !== undefined && typeof api.forwardCookies !== 'boolean') {
      throw new ConfigError(`${field}.forwardCookies`, 'must be a boolean when set.');
    }
    if (api.httpCache !== undefined && !HTTP_CACHE_MODES.includes(api.httpCache)) {
      throw new ConfigError(
        `${field}.httpCache`,
        `must be ${HTTP_CACHE_MODES.join(' or ')}, got "${String(api.httpCache)}".`,
      );
    }
    const url = checkApiUrl(api.url, `${field}.url`);
    const { region: apiRegion, service } = apiTarget(api, url.hostname, region, field);
    if (api.signQuery === true && service !== API_SERVICE) {
      // API Gateway is the one service the worker has query-signed requests tested against.
      throw new ConfigError(
        `${field}.signQuery`,
        `is for API Gateway (execute-api), not ${service}.`,
      );
    }
    return parseApiUrl(url.href, apiRegion, service, `${field}.url`, {
      signQuery: api.signQuery ?? API_DEFAULTS.signQuery,
      httpCache: api.httpCache ?? API_DEFAULTS.httpCache,
      forwardCookies: api.forwardCookies ?? API_DEFAULTS.forwardCookies,
    });
  });
  const authFlow = input.authFlow ?? 'USER_SRP_AUTH';
  if (!AUTH_FLOWS.includes(authFlow)) {
    throw new ConfigError('authFlow', `must be ${AUTH_FLOWS.join(' or ')}, got "${authFlow}".`);
  }
  if (input.guestAccess !== undefined && typeof input.guestAccess !== 'boolean') {
    throw new ConfigError('guestAccess', 'must be a boolean when set.');
  }
  return {
    region,
    userPoolId: input.userPoolId.trim(),
    userPoolClientId: input.userPoolClientId.trim(),
    identityPoolId: input.identityPoolId.trim(),
    apis,
    cognitoIdpEndpoint: endpoint('cognitoIdpEndpoint', input.cognitoIdpEndpoint),
    cognitoIdentityEndpoint: endpoint('cognitoIdentityEndpoint', input.cognitoIdentityEndpoint),
    authFlow,
    guestAccess: input.guestAccess ?? false,
  };
}

/**
 * The service and region to sign an API's requests for: as configured, else as its AWS host name
 * states; a configured value that contradicts the host name is a mistake AWS would answer with a
 * signature mismatch on every request, so it fails here instead.
 */
function apiTarget(
  api: ApiConfig,
  host: string,
  configRegion: string,
  field: string,
): AwsHostTarget {
  const service = api.service?.trim();
  const region = api.region?.trim();
  const stated = awsHostTarget(host);
  if (stated === undefined) {
    if (service === undefined) {
      throw new ConfigError(
        `${field}.service`,
        `is required: "${host}" is not an AWS host name, so it does not say which service to sign for ` +
          `(execute-api for API Gateway, lambda for a Function URL, appsync for AppSync).`,
      );
    }
    return { service, region: region ?? configRegion };
  }
  for (const [key, value] of [
    ['service', service],
    ['region', region],
  ] as const) {
    if (value !== undefined && value !== stated[key]) {
      throw new ConfigError(
        `${field}.${key}`,
        `is "${value}", but the host name "${host}" is ${stated.service} in ${stated.region}; ` +
          'leave it out to use the host name’s.',
      );
    }
  }
  return stated;
}

/** Parses one API URL into the origin and path prefix the worker matches against. */
export function parseApiUrl(
  url: string,
  region: string,
  service = API_SERVICE,
  field = 'API URL',
  options: ApiOptions = API_DEFAULTS,
): SignedApi {
  const parsed = checkApiUrl(url, field);
  const pathPrefix = parsed.pathname.replace(/\/+$/, '');
  return {
    url: parsed.origin + pathPrefix,
    origin: parsed.origin,
    pathPrefix,
    region,
    service,
    ...options,
  };
}

/** An API URL, parsed: absolute http(s), without query, fragment or credentials. */
function checkApiUrl(url: string, field: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new ConfigError(field, `must be an absolute URL, got "${url}".`, { cause });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError(field, `must be http(s), got "${url}".`);
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(field, `must not have a query, fragment or credentials: "${url}".`);
  }
  return parsed;
}

/** The configured API a URL falls under: same origin, and the path equal to or below the prefix. */
export function findApi(apis: readonly SignedApi[], url: URL): SignedApi | undefined {
  return apis.find(
    (api) =>
      url.origin === api.origin &&
      (api.pathPrefix === '' ||
        url.pathname === api.pathPrefix ||
        url.pathname.startsWith(api.pathPrefix + '/')),
  );
}

function endpoint(field: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  // `URL.canParse` would take "localhost:9229" as a URL with the scheme "localhost:".
  if (
    typeof value === 'string' &&
    /^https?:\/\//.test(value.trim()) &&
    URL.canParse(value.trim())
  ) {
    return new URL(value.trim()).href.replace(/\/$/, '');
  }
  throw new ConfigError(field, `must be an absolute http(s) URL when set, got "${String(value)}".`);
}
