import { awsHostTarget } from './awsHost.ts';
import {
  ConfigError,
  resolveConfig,
  type AuthFlow,
  type ConfigEnv,
  type HttpCacheMode,
  type SigningConfig,
  type SigningConfigInput,
} from './config.ts';

/** The `VITE_*` variable each configuration field is read from, to name it in errors. */
const ENV_NAMES: Record<string, string> = {
  region: 'VITE_AWS_REGION',
  userPoolId: 'VITE_USER_POOL_ID',
  userPoolClientId: 'VITE_USER_POOL_CLIENT_ID',
  identityPoolId: 'VITE_IDENTITY_POOL_ID',
  apis: 'VITE_API_URL',
  cognitoIdpEndpoint: 'VITE_COGNITO_IDP_ENDPOINT',
  cognitoIdentityEndpoint: 'VITE_COGNITO_IDENTITY_ENDPOINT',
  authFlow: 'VITE_AUTH_FLOW',
  guestAccess: 'VITE_GUEST_ACCESS',
};
/** The same for the per-API fields, which every URL in `VITE_API_URL` shares. */
const API_ENV_NAMES: Record<string, string> = {
  region: 'VITE_API_REGION',
  service: 'VITE_API_SERVICE',
  signQuery: 'VITE_API_SIGN_QUERY',
  httpCache: 'VITE_API_HTTP_CACHE',
  forwardCookies: 'VITE_API_FORWARD_COOKIES',
};

/**
 * Reads the configuration from Vite's env variables (`import.meta.env`; README, "Configuration");
 * a `ConfigError` names the variable at fault.
 */
export function configFromEnv(env: ConfigEnv): SigningConfig {
  const value = (name: string): string | undefined => {
    const raw = env[name];
    return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
  };
  const apiRegion = value('VITE_API_REGION');
  const urls = (value('VITE_API_URL') ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  const services = apiServices(value('VITE_API_SERVICE'), urls.length);
  const signQuery = value('VITE_API_SIGN_QUERY');
  const httpCache = value('VITE_API_HTTP_CACHE') as HttpCacheMode | undefined;
  const forwardCookies = value('VITE_API_FORWARD_COOKIES');
  const guestAccess = value('VITE_GUEST_ACCESS');
  const input: SigningConfigInput = {
    region: value('VITE_AWS_REGION') ?? '',
    userPoolId: value('VITE_USER_POOL_ID') ?? '',
    userPoolClientId: value('VITE_USER_POOL_CLIENT_ID') ?? '',
    identityPoolId: value('VITE_IDENTITY_POOL_ID') ?? '',
    apis: urls.map((url, i) => ({
      url,
      region: apiRegion,
      service: services[i],
      // For the list's API Gateway URLs: the one service that takes query-signed requests.
      signQuery:
        signQuery === undefined || apiService(url, services[i]) !== 'execute-api'
          ? undefined
          : signQuery === 'true',
      httpCache,
      forwardCookies: forwardCookies === undefined ? undefined : forwardCookies === 'true',
    })),
    cognitoIdpEndpoint: value('VITE_COGNITO_IDP_ENDPOINT'),
    cognitoIdentityEndpoint: value('VITE_COGNITO_IDENTITY_ENDPOINT'),
    authFlow: value('VITE_AUTH_FLOW') as AuthFlow | undefined,
    guestAccess: guestAccess === undefined ? undefined : guestAccess === 'true',
  };
  try {
    return resolveConfig(input);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const apiField = /^apis\[\d+\]\.(.+)$/.exec(error.field)?.[1];
    const name =
      (apiField && API_ENV_NAMES[apiField]) ??
      ENV_NAMES[error.field.replace(/[[.].*$/, '')] ??
      error.field;
    throw new ConfigError(
      name,
      `${error.message.slice(error.field.length + 1)} Set it in .env.local (README, "Configuration").`,
      { cause: error },
    );
  }
}

/**
 * `VITE_API_SERVICE`: one service name for every URL of `VITE_API_URL`, or one per URL in the same
 * order, where an empty entry leaves the service to the URL's AWS host name.
 */
function apiServices(raw: string | undefined, urlCount: number): (string | undefined)[] {
  const names = (raw ?? '').split(',').map((name) => name.trim() || undefined);
  if (names.length === 1) return Array.from({ length: urlCount }, () => names[0]);
  if (names.length === urlCount) return names;
  throw new ConfigError(
    'VITE_API_SERVICE',
    `lists ${names.length} services for ${urlCount} URLs in VITE_API_URL: give one for all, or one ` +
      'per URL (empty for a URL on an AWS host name). Set it in .env.local (README, "Configuration").',
  );
}

/** The service a URL of `VITE_API_URL` will be signed for, as `resolveConfig` will decide it. */
function apiService(url: string, configured: string | undefined): string | undefined {
  if (configured !== undefined) return configured;
  return URL.canParse(url) ? awsHostTarget(new URL(url).hostname)?.service : undefined;
}
