/** One API whose requests the worker signs. */
export interface SignedApi {
  /** The configured URL, normalised without a trailing slash, e.g. `https://abc.execute-api.us-east-1.amazonaws.com/dev`. */
  url: string;
  /** Exact origin requests must have. */
  origin: string;
  /** Path prefix requests must be under, on a segment boundary (`''` for the whole origin). */
  pathPrefix: string;
  /** SigV4 signing region. */
  region: string;
  /** SigV4 service name; `execute-api` for API Gateway. */
  service: string;
}

/** Authentication flows the page may use with the User Pool. */
export type AuthFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';

/** Everything the worker and the page client need to know, fixed at build time. */
export interface SigningConfig {
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  apis: SignedApi[];
  /** Endpoint override for the User Pool API (an emulator); undefined = real AWS. */
  cognitoIdpEndpoint?: string;
  /** Endpoint override for the Identity Pool API (an emulator); undefined = real AWS. */
  cognitoIdentityEndpoint?: string;
  authFlow: AuthFlow;
  /** Sign with guest (unauthenticated) identity credentials while nobody is signed in. */
  guestAccess: boolean;
}

/** Thrown when configuration is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError' as const;
}

/** The `VITE_*` variables the config is read from (`import.meta.env` in both bundles). */
export type ConfigEnv = Record<string, string | boolean | undefined>;

const API_SERVICE = 'execute-api';

/** Reads and validates the configuration from Vite's env variables. */
export function loadConfig(env: ConfigEnv): SigningConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ConfigError(
        `${name} is required; set it in .env.local (see README, "Configuration").`,
      );
    }
    return value.trim();
  };
  const optional = (name: string): string | undefined => {
    const value = env[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const region = required('VITE_AWS_REGION');
  const apiRegion = optional('VITE_API_REGION') ?? region;
  const authFlow = optional('VITE_AUTH_FLOW') ?? 'USER_SRP_AUTH';
  if (authFlow !== 'USER_SRP_AUTH' && authFlow !== 'USER_PASSWORD_AUTH') {
    throw new ConfigError(
      `VITE_AUTH_FLOW must be USER_SRP_AUTH or USER_PASSWORD_AUTH, got "${authFlow}".`,
    );
  }
  const apis = required('VITE_API_URL')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '')
    .map((url) => parseApiUrl(url, apiRegion));
  return {
    region,
    userPoolId: required('VITE_USER_POOL_ID'),
    userPoolClientId: required('VITE_USER_POOL_CLIENT_ID'),
    identityPoolId: required('VITE_IDENTITY_POOL_ID'),
    apis,
    cognitoIdpEndpoint: endpoint(
      'VITE_COGNITO_IDP_ENDPOINT',
      optional('VITE_COGNITO_IDP_ENDPOINT'),
    ),
    cognitoIdentityEndpoint: endpoint(
      'VITE_COGNITO_IDENTITY_ENDPOINT',
      optional('VITE_COGNITO_IDENTITY_ENDPOINT'),
    ),
    authFlow,
    guestAccess: optional('VITE_GUEST_ACCESS') === 'true',
  };
}

/** Parses one API URL into the origin and path prefix the worker matches against. */
export function parseApiUrl(url: string, region: string, service = API_SERVICE): SignedApi {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new ConfigError(`API URL "${url}" is not an absolute URL.`, { cause });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError(`API URL "${url}" must be http(s).`);
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(`API URL "${url}" must not have a query, fragment or credentials.`);
  }
  const pathPrefix = parsed.pathname.replace(/\/+$/, '');
  return { url: parsed.origin + pathPrefix, origin: parsed.origin, pathPrefix, region, service };
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

function endpoint(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return new URL(value).href.replace(/\/$/, '');
  } catch (cause) {
    throw new ConfigError(`${name} must be an absolute URL, got "${value}".`, { cause });
  }
}
