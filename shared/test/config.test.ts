import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig, type SigningConfigInput } from '../config.ts';
import { configFromEnv } from '../configFromEnv.ts';

const INPUT: SigningConfigInput = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Pool',
  userPoolClientId: 'client',
  identityPoolId: 'eu-west-1:pool',
  apis: [{ url: 'https://abc.execute-api.eu-west-1.amazonaws.com/dev/' }],
};

const ENV = {
  VITE_AWS_REGION: 'eu-west-1',
  VITE_USER_POOL_ID: 'eu-west-1_Pool',
  VITE_USER_POOL_CLIENT_ID: 'client',
  VITE_IDENTITY_POOL_ID: 'eu-west-1:pool',
  VITE_API_URL: 'https://a.example.com/dev, https://b.example.com',
  VITE_API_SERVICE: 'execute-api',
};

/** The `ConfigError` that `run` throws. */
function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig', () => {
  it('fills in the defaults of a minimal configuration', () => {
    expect(resolveConfig(INPUT)).toEqual({
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_Pool',
      userPoolClientId: 'client',
      identityPoolId: 'eu-west-1:pool',
      apis: [
        {
          url: 'https://abc.execute-api.eu-west-1.amazonaws.com/dev',
          origin: 'https://abc.execute-api.eu-west-1.amazonaws.com',
          pathPrefix: '/dev',
          region: 'eu-west-1',
          service: 'execute-api',
          signQuery: false,
          httpCache: 'per-identity',
          forwardCookies: false,
        },
      ],
      cognitoIdpEndpoint: undefined,
      cognitoIdentityEndpoint: undefined,
      authFlow: 'USER_SRP_AUTH',
      guestAccess: false,
    });
  });

  it('keeps an API’s own region and service', () => {
    const config = resolveConfig({
      ...INPUT,
      apis: [{ url: 'https://notes.example.com', region: 'us-west-2', service: 'lambda' }],
    });
    expect(config.apis[0]).toMatchObject({
      region: 'us-west-2',
      service: 'lambda',
      pathPrefix: '',
    });
  });

  it.each([
    ['https://abc.execute-api.us-west-2.amazonaws.com/prod', 'execute-api', 'us-west-2'],
    ['https://a1b2c3.lambda-url.ap-south-1.on.aws/', 'lambda', 'ap-south-1'],
    ['https://xyz789.appsync-api.eu-central-1.amazonaws.com/graphql', 'appsync', 'eu-central-1'],
  ])('takes the service and region from the AWS host name of %s', (url, service, region) => {
    expect(resolveConfig({ ...INPUT, apis: [{ url }] }).apis[0]).toMatchObject({ service, region });
  });

  it('accepts a service and region that agree with the host name', () => {
    const url = 'https://a1b2c3.lambda-url.eu-west-1.on.aws';
    const api = resolveConfig({
      ...INPUT,
      apis: [{ url, service: 'lambda', region: 'eu-west-1' }],
    });
    expect(api.apis[0]).toMatchObject({ service: 'lambda', region: 'eu-west-1' });
  });

  it('signs a custom domain in the pools’ region unless the API names its own', () => {
    const custom = { url: 'https://api.example.com', service: 'execute-api' };
    expect(resolveConfig({ ...INPUT, apis: [custom] }).apis[0]?.region).toBe('eu-west-1');
    const own = resolveConfig({ ...INPUT, apis: [{ ...custom, region: 'us-east-2' }] });
    expect(own.apis[0]?.region).toBe('us-east-2');
  });

  it('asks for the service of a host name that does not state one', () => {
    const error = configError(() =>
      resolveConfig({ ...INPUT, apis: [INPUT.apis[0]!, { url: 'https://notes.example.com/v1' }] }),
    );
    expect(error).toMatchObject({ code: 'bad-config', field: 'apis[1].service' });
    expect(error.message).toMatch(/notes\.example\.com.*execute-api.*lambda.*appsync/);
  });

  it.each([
    ['apis[0].service', { service: 'lambda' }],
    ['apis[0].region', { region: 'us-east-1' }],
  ])('refuses a %s the host name contradicts', (field, change) => {
    const url = 'https://abc.execute-api.eu-west-1.amazonaws.com/dev';
    const error = configError(() => resolveConfig({ ...INPUT, apis: [{ url, ...change }] }));
    expect(error).toMatchObject({ code: 'bad-config', field });
    expect(error.message).toMatch(/execute-api in eu-west-1/);
  });

  it('signs in the query string for API Gateway only', () => {
    const url = 'https://a1b2.lambda-url.eu-west-1.on.aws';
    const error = configError(() => resolveConfig({ ...INPUT, apis: [{ url, signQuery: true }] }));
    expect(error).toMatchObject({ code: 'bad-config', field: 'apis[0].signQuery' });
    const rest = resolveConfig({ ...INPUT, apis: [{ ...INPUT.apis[0]!, signQuery: true }] });
    expect(rest.apis[0]?.signQuery).toBe(true);
  });

  it('accepts a configuration it resolved before, unchanged', () => {
    const once = resolveConfig({ ...INPUT, guestAccess: true, authFlow: 'USER_PASSWORD_AUTH' });
    expect(resolveConfig(once)).toEqual(once);
  });

  it('returns a configuration it resolved as it is, frozen so that it stays checked', () => {
    const once = resolveConfig(INPUT);
    expect(resolveConfig(once)).toBe(once);
    expect(
      Object.isFrozen(once) && Object.isFrozen(once.apis) && Object.isFrozen(once.apis[0]),
    ).toBe(true);
    // A copy is a new input: checked again.
    expect(() => resolveConfig({ ...once, region: '' })).toThrow(/region/);
  });

  it.each([
    ['region', { region: '' }],
    ['userPoolId', { userPoolId: undefined }],
    ['userPoolClientId', { userPoolClientId: 42 }],
    ['identityPoolId', { identityPoolId: ' ' }],
    ['apis', { apis: [] }],
    ['apis[0].url', { apis: [{}] }],
    ['apis[1].url', { apis: [{ url: 'https://ok.example.com', service: 'lambda' }, { url: 'x' }] }],
    ['apis[0].url', { apis: [{ url: 'ftp://api.example.com' }] }],
    ['apis[0].url', { apis: [{ url: 'https://api.example.com/dev?stage=1' }] }],
    ['apis[0].region', { apis: [{ url: 'https://api.example.com', region: '' }] }],
    ['apis[0].service', { apis: [{ url: 'https://api.example.com', service: 3 }] }],
    ['apis[0].signQuery', { apis: [{ url: 'https://api.example.com', signQuery: 'yes' }] }],
    ['apis[0].httpCache', { apis: [{ url: 'https://api.example.com', httpCache: 'private' }] }],
    ['cognitoIdpEndpoint', { cognitoIdpEndpoint: 'localhost:9229' }],
    ['cognitoIdentityEndpoint', { cognitoIdentityEndpoint: 9229 }],
    ['authFlow', { authFlow: 'CUSTOM_AUTH' }],
    ['guestAccess', { guestAccess: 'true' }],
  ])('names %s when it is wrong', (field, change) => {
    const error = configError(() => resolveConfig({ ...INPUT, ...change } as SigningConfigInput));
    expect(error).toMatchObject({ name: 'ConfigError', code: 'bad-config', field });
  });
});

describe('configFromEnv', () => {
  it('reads every VITE_* variable into the configuration', () => {
    const config = configFromEnv({
      ...ENV,
      VITE_API_REGION: 'us-east-2',
      VITE_COGNITO_IDP_ENDPOINT: 'http://127.0.0.1:9229/',
      VITE_COGNITO_IDENTITY_ENDPOINT: 'http://127.0.0.1:9229',
      VITE_AUTH_FLOW: 'USER_PASSWORD_AUTH',
      VITE_GUEST_ACCESS: 'true',
    });
    expect(config.apis.map((api) => [api.url, api.region])).toEqual([
      ['https://a.example.com/dev', 'us-east-2'],
      ['https://b.example.com', 'us-east-2'],
    ]);
    expect(config).toMatchObject({
      region: 'eu-west-1',
      cognitoIdpEndpoint: 'http://127.0.0.1:9229',
      cognitoIdentityEndpoint: 'http://127.0.0.1:9229',
      authFlow: 'USER_PASSWORD_AUTH',
      guestAccess: true,
    });
  });

  it('reads the per-API signing options for every URL in VITE_API_URL', () => {
    const config = configFromEnv({
      ...ENV,
      VITE_API_SIGN_QUERY: 'true',
      VITE_API_HTTP_CACHE: 'no-store',
      VITE_API_FORWARD_COOKIES: 'true',
    });
    expect(
      config.apis.map(({ signQuery, httpCache, forwardCookies }) => ({
        signQuery,
        httpCache,
        forwardCookies,
      })),
    ).toEqual([
      { signQuery: true, httpCache: 'no-store', forwardCookies: true },
      { signQuery: true, httpCache: 'no-store', forwardCookies: true },
    ]);
    expect(configFromEnv(ENV).apis[0]).toMatchObject({
      signQuery: false,
      httpCache: 'per-identity',
      forwardCookies: false,
    });
  });

  it('reads VITE_API_SERVICE as one service for all URLs, or one per URL', () => {
    const services = (env: Record<string, string>) =>
      configFromEnv({ ...ENV, ...env }).apis.map((api) => api.service);
    expect(services({ VITE_API_SERVICE: 'lambda' })).toEqual(['lambda', 'lambda']);
    expect(services({ VITE_API_SERVICE: 'execute-api, appsync' })).toEqual([
      'execute-api',
      'appsync',
    ]);
    // An empty entry leaves the service to the URL's AWS host name.
    const mixed = {
      VITE_API_URL: 'https://a1b2.lambda-url.eu-west-1.on.aws,https://b.example.com',
      VITE_API_SERVICE: ',appsync',
    };
    expect(services(mixed)).toEqual(['lambda', 'appsync']);
    const aws = { VITE_API_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com/dev' };
    expect(services({ ...aws, VITE_API_SERVICE: '' })).toEqual(['execute-api']);
  });

  it.each([
    ['three services for two URLs', 'execute-api,lambda,appsync'],
    ['a missing service for a custom domain', 'execute-api,'],
  ])('names VITE_API_SERVICE for %s', (_case, value) => {
    const error = configError(() => configFromEnv({ ...ENV, VITE_API_SERVICE: value }));
    expect(error).toMatchObject({ code: 'bad-config', field: 'VITE_API_SERVICE' });
  });

  it('applies VITE_API_SIGN_QUERY to the API Gateway URLs of the list only', () => {
    const config = configFromEnv({
      ...ENV,
      VITE_API_URL: 'https://a.example.com/dev,https://a1b2.lambda-url.eu-west-1.on.aws',
      VITE_API_SERVICE: 'execute-api,',
      VITE_API_SIGN_QUERY: 'true',
    });
    expect(config.apis.map((api) => [api.service, api.signQuery])).toEqual([
      ['execute-api', true],
      ['lambda', false],
    ]);
  });

  it('signs APIs in the pools’ region when VITE_API_REGION is empty', () => {
    expect(configFromEnv({ ...ENV, VITE_API_REGION: '' }).apis[0]?.region).toBe('eu-west-1');
  });

  it.each([
    ['VITE_AWS_REGION', { VITE_AWS_REGION: undefined }],
    ['VITE_IDENTITY_POOL_ID', { VITE_IDENTITY_POOL_ID: '' }],
    ['VITE_API_URL', { VITE_API_URL: ' , ' }],
    ['VITE_API_URL', { VITE_API_URL: 'https://a.example.com/#x' }],
    ['VITE_COGNITO_IDP_ENDPOINT', { VITE_COGNITO_IDP_ENDPOINT: 'nope' }],
    ['VITE_AUTH_FLOW', { VITE_AUTH_FLOW: 'SRP' }],
    ['VITE_API_HTTP_CACHE', { VITE_API_HTTP_CACHE: 'off' }],
  ])('names the variable %s when it is missing or malformed', (field, change) => {
    const error = configError(() => configFromEnv({ ...ENV, ...change }));
    expect(error).toMatchObject({ code: 'bad-config', field });
  });
});
